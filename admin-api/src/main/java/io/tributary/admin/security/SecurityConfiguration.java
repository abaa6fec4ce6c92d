package io.tributary.admin.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may do what: with users or API keys configured, a {@code viewer} may read and an {@code operator} may do
 * everything, through HTTP Basic or a bearer API key; without any, the API is open, but only on a loopback address.
 * Health and Prometheus stay open for probes and scrapers. A REST API called by scripts, not by a browser holding a
 * session cookie: no sessions, no CSRF tokens.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Always defined, even empty, so that Spring Boot does not invent a user with a generated password. */
    @Bean
    UserDetailsService adminApiUsers(SecuritySettings settings, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(new ConfiguredCallers(settings, encoder).users());
    }

    @Bean
    SecurityFilterChain adminApiSecurity(HttpSecurity http, SecuritySettings settings, PasswordEncoder encoder,
            Environment environment, ProblemAuthenticationResponses responses) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        if (!settings.anyone()) {
            String address = environment.getProperty("server.address");
            LoopbackCheck.requireLoopback(address);
            log.warn("The admin API on {} has no users or API keys configured: every request is allowed, "
                    + "unauthenticated (set tributary.admin.security.users to require them)", address);
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        ConfiguredCallers callers = new ConfiguredCallers(settings, encoder);
        return http
                .httpBasic(basic -> basic.authenticationEntryPoint(responses))
                .addFilterBefore(new BearerKeyFilter(callers.apiKeys(), responses), BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(responses)
                        .accessDeniedHandler(responses))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET).hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.HEAD).hasRole(Role.VIEWER.name())
                        .anyRequest().hasRole(Role.OPERATOR.name()))
                .build();
    }
}
