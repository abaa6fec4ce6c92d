package io.tributary.admin.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plan signing key in the database ({@code db/offset-resets.sql}), on H2 and PostgreSQL: two admin API instances
 * over one database (or one instance before and after a restart) sign with the same key, also when they start
 * together; instances over different databases do not.
 */
class PlanSigningKeyTest {

    private static final List<GroupMemberView> MEMBERS = List.of(new GroupMemberView("a-1", null, "a", "/10.0.0.1"));
    private static final List<PlannedPartition> PLAN = List.of(new PlannedPartition("orders", 0, 5L, 0L, 0L, 10L));

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void aPlanSignedByOneInstanceVerifiesInAnotherOverTheSameH2Database() {
        aPlanSignedByOneInstanceVerifiesInAnother("jdbc:h2:mem:signing-shared;DB_CLOSE_DELAY=-1");
    }

    @Test
    void aPlanSignedByOneInstanceVerifiesInAnotherOverTheSamePostgreSqlDatabase() {
        aPlanSignedByOneInstanceVerifiesInAnother(postgres.getJdbcUrl("postgres", "postgres"));
    }

    @Test
    void instancesStartingTogetherOnAnEmptyH2DatabaseShareOneKey() throws Exception {
        instancesStartingTogetherShareOneKey("jdbc:h2:mem:signing-race;DB_CLOSE_DELAY=-1");
    }

    @Test
    void instancesStartingTogetherOnAnEmptyPostgreSqlDatabaseShareOneKey() throws Exception {
        instancesStartingTogetherShareOneKey(postgres.getJdbcUrl("postgres", "postgres"));
    }

    @Test
    void anInstanceOverAnotherDatabaseCannotVouchForAPlan() {
        instance("jdbc:h2:mem:signing-one;DB_CLOSE_DELAY=-1").run(one -> instance(
                "jdbc:h2:mem:signing-other;DB_CLOSE_DELAY=-1").run(other -> assertThat(
                        other.getBean(PlanSignature.class).etag("g", MEMBERS, PLAN))
                        .isNotEqualTo(one.getBean(PlanSignature.class).etag("g", MEMBERS, PLAN))));
    }

    private static void aPlanSignedByOneInstanceVerifiesInAnother(String url) {
        String[] etag = new String[1];
        instance(url).run(first -> {
            assertThat(first).hasNotFailed();
            etag[0] = first.getBean(PlanSignature.class).etag("g", MEMBERS, PLAN);
        });
        instance(url).run(restarted -> instance(url).run(second -> {
            assertThat(second).hasNotFailed();
            String again = second.getBean(PlanSignature.class).etag("g", MEMBERS, PLAN);
            assertThat(PlanSignature.matches(etag[0], again)).isTrue();
            assertThat(restarted.getBean(PlanSignature.class).etag("g", MEMBERS, PLAN)).isEqualTo(etag[0]);
        }));
    }

    private static void instancesStartingTogetherShareOneKey(String url) throws Exception {
        instance(url).run(context -> {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            for (int round = 0; round < 10; round++) {
                jdbc.update("DELETE FROM plan_signing_key");
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<PlanSigningKey> one = CompletableFuture.supplyAsync(() -> start(together, jdbc));
                CompletableFuture<PlanSigningKey> two = CompletableFuture.supplyAsync(() -> start(together, jdbc));

                assertThat(one.join().key()).isEqualTo(two.join().key());
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM plan_signing_key", Integer.class)).isOne();
            }
        });
    }

    private static PlanSigningKey start(CyclicBarrier together, JdbcTemplate jdbc) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new PlanSigningKey(jdbc);
    }

    private static ApplicationContextRunner instance(String url) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class))
                .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
                .withBean(PlanSigningKey.class)
                .withBean(PlanSignature.class)
                .withPropertyValues("spring.sql.init.mode=always",
                        "spring.sql.init.schema-locations=classpath:db/offset-resets.sql",
                        "spring.datasource.url=" + url);
    }
}
