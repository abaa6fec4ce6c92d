package io.tributary.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Without users, the admin API starts on loopback and refuses to start anywhere else, with the one line its main
 * prints.
 */
class AdminApiStartupTest {

    @Test
    void withoutUsersItRefusesAnAddressOtherThanLoopback() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(AdminApiApplication.class)
                .run("--server.port=0", "--server.address=0.0.0.0",
                        "--spring.datasource.url=jdbc:h2:mem:refused"));

        assertThat(failure).isNotNull();
        assertThat(AdminApiApplication.rootMessage(failure))
                .isEqualTo("the admin API listens on 0.0.0.0 but has no users: set "
                        + "tributary.admin.security.users[0].name/password/role (or tributary.admin.security.api-keys)"
                        + ", or bind it to loopback with server.address=127.0.0.1");
    }

    @Test
    void withoutUsersItStartsOnLoopback() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AdminApiApplication.class)
                .run("--server.port=0", "--server.address=localhost",
                        "--spring.datasource.url=jdbc:h2:mem:loopback")) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
