package io.tributary.admin.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import io.tributary.admin.error.ProblemTypes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 401 and 403 answers, as problem+json like every other error: they are written here, in the security filters,
 * because a refused request never reaches the controllers and their advice.
 */
@Component
class ProblemAuthenticationResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "tributary-admin";

    private final JsonMapper json;

    ProblemAuthenticationResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean sentCredentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\""
                + (sentCredentials ? ", error=\"invalid_token\"" : ""));
        write(request, response, HttpStatus.UNAUTHORIZED, sentCredentials ? "bad-credentials" : "unauthenticated",
                sentCredentials ? "The credentials were not accepted: " + failure.getMessage()
                        : "This request needs credentials: HTTP Basic, or Authorization: Bearer <api key>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String name = caller == null ? "This caller" : "'" + caller.getName() + "'";
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", name + " may only read (role " + Role.VIEWER
                + "): " + request.getMethod() + " needs the role " + Role.OPERATOR);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
            String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.of(slug).toString());
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
