package io.tributary.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering lines of the design, checked on the compiled classes of every module (this module's test classpath
 * holds them all): storage knows neither the network nor the application framework, the protocol layer knows no
 * storage, the services do not know each other, and what every node runs knows no service. A rule that matches no
 * class fails too, so a renamed package cannot make a rule pass by checking nothing.
 */
class LayeringTest {

    private static final String STORAGE = "io.tributary.broker.log..";
    private static final String PROTOCOL = "io.tributary.protocol..";
    private static final String BROKER = "io.tributary.broker..";
    private static final String COORDINATOR = "io.tributary.coordinator..";
    private static final String NODE = "io.tributary.node..";
    private static final String STANDALONE = "io.tributary.standalone..";
    private static final String ADMIN = "io.tributary.admin..";
    private static final String NETTY = "io.netty..";
    private static final String SPRING = "org.springframework..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tributary");
    }

    @Test
    void everyModuleIsOnTheClasspathChecked() {
        assertThat(classes.contain("io.tributary.protocol.KafkaProtocolServer")).isTrue();
        assertThat(classes.contain("io.tributary.metadata.ClusterMetadata")).isTrue();
        assertThat(classes.contain("io.tributary.node.api.ClusterApis")).isTrue();
        assertThat(classes.contain("io.tributary.broker.log.PartitionLog")).isTrue();
        assertThat(classes.contain("io.tributary.coordinator.Coordinator")).isTrue();
        assertThat(classes.contain("io.tributary.standalone.StandaloneApplication")).isTrue();
        assertThat(classes.contain("io.tributary.admin.AdminApiApplication")).isTrue();
        assertThat(classes.contain("io.tributary.lag.GroupLagReader")).isTrue();
        assertThat(classes.contain("io.tributary.embedded.EmbeddedCluster")).isTrue();
    }

    @Test
    void storageImportsNeitherNettyNorSpring() {
        noClasses().that().resideInAPackage(STORAGE)
                .should().dependOnClassesThat().resideInAnyPackage(NETTY, SPRING)
                .because("the storage engine is a library: no network or application framework in it")
                .check(classes);
    }

    @Test
    void theTopicConfigSchemaImportsNeitherNettyNorSpring() {
        noClasses().that().resideInAPackage("io.tributary.node.topic..")
                .should().dependOnClassesThat().resideInAnyPackage(NETTY, SPRING)
                .because("storage builds its LogConfig from the schema")
                .check(classes);
    }

    @Test
    void theProtocolLayerImportsNoStorageNodeOrService() {
        noClasses().that().resideInAPackage(PROTOCOL)
                .should().dependOnClassesThat().resideInAnyPackage(STORAGE, BROKER, COORDINATOR, NODE, STANDALONE)
                .because("the protocol server only frames and dispatches; handlers are registered from above")
                .check(classes);
    }

    @Test
    void theCoordinatorServiceDoesNotImportTheBrokerService() {
        noClasses().that().resideInAPackage(COORDINATOR)
                .should().dependOnClassesThat().resideInAPackage(BROKER)
                .because("no service module imports another: what both run lives in node-core")
                .check(classes);
    }

    @Test
    void theBrokerServiceDoesNotImportTheCoordinatorService() {
        noClasses().that().resideInAPackage(BROKER)
                .should().dependOnClassesThat().resideInAPackage(COORDINATOR)
                .because("no service module imports another: what both run lives in node-core")
                .check(classes);
    }

    @Test
    void nodeCoreImportsNoService() {
        noClasses().that().resideInAPackage(NODE)
                .should().dependOnClassesThat().resideInAnyPackage(BROKER, COORDINATOR, STANDALONE)
                .because("node-core is what every service runs, so it cannot depend on one of them")
                .check(classes);
    }

    @Test
    void clusterMetadataImportsNoNodeOrService() {
        noClasses().that().resideInAPackage("io.tributary.metadata..")
                .should().dependOnClassesThat().resideInAnyPackage(PROTOCOL, NODE, BROKER, COORDINATOR, STANDALONE)
                .because("the ZooKeeper layout is below every node")
                .check(classes);
    }

    @Test
    void adminApiIsAClientOfTheClusterNotANode() {
        noClasses().that().resideInAPackage(ADMIN)
                .should().dependOnClassesThat().resideInAnyPackage(PROTOCOL, NODE, BROKER, COORDINATOR, STANDALONE)
                .because("the admin API works through the Kafka protocol's Admin client, and cluster-metadata only "
                        + "where the protocol has nothing")
                .check(classes);
    }

    @Test
    void noNodeImportsTheAdminApi() {
        noClasses().that().resideInAnyPackage(PROTOCOL, NODE, BROKER, COORDINATOR, "io.tributary.metadata..")
                .should().dependOnClassesThat().resideInAPackage(ADMIN)
                .because("the admin API is a service of its own")
                .check(classes);
    }

    @Test
    void theConsumerLagLibraryKnowsOnlyKafkaClients() {
        noClasses().that().resideInAPackage("io.tributary.lag..")
                .should().dependOnClassesThat().resideInAnyPackage(SPRING, NETTY, ADMIN, PROTOCOL, NODE, BROKER,
                        COORDINATOR, STANDALONE)
                .because("the admin API and the Spring Boot starters measure lag with it alike")
                .check(classes);
    }

    @Test
    void theEmbeddedClusterRunsTheNodesWithoutSpringBoot() {
        noClasses().that().resideInAPackage("io.tributary.embedded..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.boot..", "org.springframework.web..")
                .because("it runs in users' tests: the nodes as plain objects, no Spring application or web server")
                .check(classes);
    }
}
