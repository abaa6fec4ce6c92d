package io.tributary.admin.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <api key>}: the key's SHA-256 is looked up among the configured keys, so
 * that neither the configuration nor the lookup needs the keys themselves. An unknown key is answered 401 at once.
 */
final class BearerKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "bearer ";

    private final Map<String, SecuritySettings.ApiKey> keysByHash;
    private final ProblemAuthenticationResponses responses;

    BearerKeyFilter(Map<String, SecuritySettings.ApiKey> keysByHash, ProblemAuthenticationResponses responses) {
        this.keysByHash = keysByHash;
        this.responses = responses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        SecuritySettings.ApiKey key = keysByHash.get(ConfiguredCallers.sha256(
                authorization.substring(BEARER.length()).strip()));
        if (key == null) {
            SecurityContextHolder.clearContext();
            responses.commence(request, response, new BadCredentialsException("The bearer API key is not known"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(key.name(), null,
                AuthorityUtils.createAuthorityList(key.role().authorities())));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
