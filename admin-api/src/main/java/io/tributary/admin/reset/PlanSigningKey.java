package io.tributary.admin.reset;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The key plans are signed with, kept in the admin API's database so that a plan made before a restart, or by
 * another instance over the same database, can be applied. The first instance to start creates it; instances
 * starting together each try to insert theirs and all read back the one that won (the primary key lets one insert
 * through).
 */
@Component
@DependsOnDatabaseInitialization
class PlanSigningKey {

    static final String ALGORITHM = "HmacSHA256";

    private static final Logger log = LoggerFactory.getLogger(PlanSigningKey.class);
    private static final int KEY_ROW = 1;
    private static final int KEY_BYTES = 32;

    private final SecretKeySpec key;

    PlanSigningKey(JdbcTemplate jdbc) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(readOrCreate(jdbc)), ALGORITHM);
    }

    SecretKeySpec key() {
        return key;
    }

    private static String readOrCreate(JdbcTemplate jdbc) {
        List<String> stored = read(jdbc);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        try {
            jdbc.update("INSERT INTO plan_signing_key (id, secret) VALUES (?, ?)", KEY_ROW,
                    Base64.getEncoder().encodeToString(secret));
            log.info("Created the key reset plans are signed with");
        } catch (DuplicateKeyException anotherInstanceWasFirst) {
            // its key is the one read back below
        }
        return read(jdbc).get(0);
    }

    private static List<String> read(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT secret FROM plan_signing_key WHERE id = ?", String.class, KEY_ROW);
    }
}
