package org.openward.audit.testing;

import java.nio.file.Path;

import org.openward.audit.impl.AuditDatabase;
import org.openward.audit.impl.JpaAuditTrail;
import org.openward.audit.impl.integrity.AuditChainer;
import org.openward.audit.impl.integrity.AuditKeys;
import org.openward.audit.impl.integrity.AuditVerifier;
import org.openward.audit.impl.integrity.ChainWitness;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/**
 * The real audit trail on a test database, wired by hand as Declarative Services would wire it
 * and listening to the platform's security events: records are sealed with keys created in a
 * folder of the test's, and linked into the chain when the test calls {@link AuditChainer#chainPending()}.
 */
public final class TestAuditTrail {

    public final AuditDatabase tables;
    public final AuditKeys keys;
    public final ChainWitness witness;
    public final JpaAuditTrail trail;
    public final AuditChainer chainer;
    public final AuditVerifier verifier;

    public TestAuditTrail(TestDatabase database, Platform platform, Path folder) {
        tables = new AuditDatabase(database.migrator(AuditDatabase.class), database.jpa("openward-audit"),
                database.dataSource());
        keys = new AuditKeys(folder.resolve("openward-audit.keys"));
        witness = new ChainWitness(folder.resolve("audit-head"));
        trail = new JpaAuditTrail(tables, platform.security, database.sequences(), keys, platform.clock);
        chainer = new AuditChainer(database.dataSource(), keys, witness, platform.clock);
        verifier = new AuditVerifier(tables, keys, witness, platform.security, trail);
        platform.security.addListener(trail);
    }
}
