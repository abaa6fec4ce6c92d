package io.tributary.admin.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The saved resets behind undo, through Spring Data JDBC and {@code db/offset-resets.sql}, on both databases the
 * admin API runs on: the embedded H2 default and a real PostgreSQL server.
 */
class SavedResetsTest {

    /** What 10,000 partitions' offsets (the most one reset may cover) take as JSON at worst (249-character topics). */
    private static final String LARGEST_OFFSETS = "[" + "x".repeat(3_500_000) + "]";

    private static EmbeddedPostgres postgres;

    @Configuration(proxyBeanMethods = false)
    @EnableJdbcRepositories(basePackageClasses = SavedResets.class)
    static class Repositories {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    DataSourceInitializationAutoConfiguration.class, DataJdbcRepositoriesAutoConfiguration.class))
            .withUserConfiguration(Repositories.class)
            .withPropertyValues("spring.sql.init.mode=always",
                    "spring.sql.init.schema-locations=classpath:db/offset-resets.sql");

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void onH2() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:saved-resets;DB_CLOSE_DELAY=-1")
                .run(roundTrip());
    }

    @Test
    void onPostgreSql() {
        runner.withPropertyValues("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"))
                .run(roundTrip());
    }

    @Test
    void ofTwoUndosAtOnceOnlyOneMarksAResetUndoneOnH2() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:saved-resets-undo;DB_CLOSE_DELAY=-1")
                .run(undoneOnce());
    }

    @Test
    void ofTwoUndosAtOnceOnlyOneMarksAResetUndoneOnPostgreSql() {
        runner.withPropertyValues("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"))
                .run(undoneOnce());
    }

    private static ContextConsumer<AssertableApplicationContext> undoneOnce() {
        return context -> {
            assertThat(context).hasNotFailed();
            SavedResets saved = context.getBean(SavedResets.class);
            Instant applied = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (int round = 0; round < 20; round++) {
                long id = saved.save(new OffsetReset(null, "racing-undos", applied, "[]", null)).id();
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Boolean> one = CompletableFuture.supplyAsync(
                        () -> markUndone(together, saved, id, applied.plusSeconds(1)));
                CompletableFuture<Boolean> two = CompletableFuture.supplyAsync(
                        () -> markUndone(together, saved, id, applied.plusSeconds(2)));

                assertThat(List.of(one.join(), two.join())).containsExactlyInAnyOrder(true, false);
                Instant undoneAt = saved.findById(id).orElseThrow().undoneAt();
                assertThat(undoneAt).isEqualTo(one.join() ? applied.plusSeconds(1) : applied.plusSeconds(2));
                assertThat(saved.markUndone(id, applied.plusSeconds(3))).isFalse();
                assertThat(saved.findById(id).orElseThrow().undoneAt()).isEqualTo(undoneAt);
            }
            long failed = saved.save(new OffsetReset(null, "failed-undo", applied, "[]", null)).id();
            assertThat(saved.markUndone(failed, applied)).isTrue();
            assertThat(saved.clearUndone(failed)).isTrue();
            assertThat(saved.findById(failed).orElseThrow().undoneAt()).as("a failed undo can be tried again")
                    .isNull();
            assertThat(saved.markUndone(failed, applied)).isTrue();
        };
    }

    private static boolean markUndone(CyclicBarrier together, SavedResets saved, long id, Instant at) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return saved.markUndone(id, at);
    }

    private static ContextConsumer<AssertableApplicationContext> roundTrip() {
        return context -> {
            assertThat(context).hasNotFailed();
            SavedResets saved = context.getBean(SavedResets.class);
            Instant applied = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            saved.save(new OffsetReset(null, "orders-app", applied.minusSeconds(60), "[]", null));
            OffsetReset last = saved.save(new OffsetReset(null, "orders-app", applied, LARGEST_OFFSETS, null));
            saved.save(new OffsetReset(null, "billing", applied, "[]", null));

            OffsetReset found = saved.findFirstByGroupIdOrderByIdDesc("orders-app").orElseThrow();
            assertThat(found.id()).isEqualTo(last.id());
            assertThat(found.offsets()).isEqualTo(LARGEST_OFFSETS);
            assertThat(found.appliedAt()).isEqualTo(applied);
            assertThat(found.undoneAt()).isNull();

            saved.save(found.undone(applied.plusSeconds(5)));
            assertThat(saved.findFirstByGroupIdOrderByIdDesc("orders-app").orElseThrow().undoneAt())
                    .isEqualTo(applied.plusSeconds(5));
            assertThat(saved.findFirstByGroupIdOrderByIdDesc("nobody")).isEmpty();
        };
    }
}
