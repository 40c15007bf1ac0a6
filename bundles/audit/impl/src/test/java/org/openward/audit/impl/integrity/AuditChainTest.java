package org.openward.audit.impl.integrity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.testing.TestAuditTrail;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/** The chain on a real (in-memory) Derby: linking, checkpoints, and verification of a clean and of a tampered log. */
public class AuditChainTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private TestAuditTrail audit;

    @Before
    public void setUp() {
        platform = new Platform(database);
        audit = new TestAuditTrail(database, platform, folder.getRoot().toPath());
    }

    @After
    public void close() {
        database.close();
    }

    /** Writes records of every shape: with and without patient, resource and detail; long and non-ASCII details. */
    void write(int count) {
        platform.security.callAsSystem("test", () -> {
            for (int i = 0; i < count; i++) {
                AuditEvent event = AuditEvent.of(AuditAction.values()[i % 5], AuditOutcome.values()[i % 3]);
                if (i % 2 == 0) {
                    event = event.patient("p-" + i).resource("Patient", "p-" + i);
                }
                if (i % 3 == 0) {
                    event = event.detail(i % 9 == 0 ? "Ünïcødé – name=Åsa " + i : "d".repeat(1990) + i);
                }
                audit.trail.record(event);
                platform.clock.advance(java.time.Duration.ofMillis(7));
            }
            return null;
        });
    }

    void chainAll() {
        while (audit.chainer.chainPending() > 0) {
            // drain the queue
        }
    }

    Verification verify(boolean strict) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            return audit.verifier.verify(connection, strict);
        }
    }

    @Test
    public void aCleanLogVerifiesWithEveryEntryAndCheckpointAccountedFor() throws SQLException {
        write(250);
        Verification queued = verify(false);
        assertTrue(queued.problems().toString(), queued.intact());
        assertEquals(250, queued.queued());
        assertEquals(0, queued.entries());
        assertFalse("strict verification wants every record linked", verify(true).intact());

        chainAll();
        Verification verified = verify(true);
        assertTrue(verified.problems().toString(), verified.intact());
        assertEquals(250, verified.entries());
        assertEquals(2, verified.checkpoints());
        assertEquals(0, verified.queued());
        assertEquals(audit.witness.read().orElseThrow(), verified.head());
        assertEquals(250, verified.head().seq());
        assertEquals(verified, platform.security.callAsSystem("test", () -> audit.verifier.verify()));
    }

    @Test
    public void recordsWrittenWhileTheChainerRunsAreAllLinkedOnce() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(6);
        AtomicBoolean writing = new AtomicBoolean(true);
        Future<?> chaining = Executors.newSingleThreadExecutor().submit(() -> {
            while (writing.get()) {
                audit.chainer.chainPending();
            }
        });
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            done.add(writers.submit(() -> write(60)));
        }
        for (Future<?> writer : done) {
            writer.get(2, TimeUnit.MINUTES);
        }
        writing.set(false);
        chaining.get(1, TimeUnit.MINUTES);
        writers.shutdown();
        chainAll();
        Verification verified = verify(true);
        assertTrue(verified.problems().toString(), verified.intact());
        assertEquals(360, verified.entries());
    }

    @Test
    public void aRecordAlteredBeforeItIsLinkedIsNamed() throws SQLException {
        write(10);
        long victim = eventIds().get(4);
        execute("UPDATE audit_event SET actor = 'someone-else' WHERE event_id = " + victim);
        chainAll();
        Verification verified = verify(true);
        assertEquals(1, verified.problemCount());
        assertEquals(victim, verified.first().eventId());
        assertTrue(verified.first().what().contains("seal"));
    }

    @Test
    public void theKeysAreTheOwnersAloneAndSurviveARestart() throws Exception {
        Path file = folder.getRoot().toPath().resolve("openward-audit.keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        write(3);
        chainAll();
        AuditKeys reloaded = new AuditKeys(file);
        assertEquals(audit.keys.fingerprint(), reloaded.fingerprint());
        try (Connection connection = database.dataSource().getConnection()) {
            assertTrue(new AuditVerifier(audit.tables, reloaded, audit.witness, platform.security, audit.trail).verify(connection, true).intact());
            AuditKeys other = new AuditKeys(folder.getRoot().toPath().resolve("other.keys"));
            assertNotEquals(audit.keys.fingerprint(), other.fingerprint());
            Verification forged = new AuditVerifier(audit.tables, other, audit.witness, platform.security, audit.trail).verify(connection, true);
            assertEquals("no seal holds under another key", 3, forged.problemCount());
        }
    }

    @Test
    public void everyRandomSingleMutationIsDetectedAndTheFirstBadRecordNamed() throws SQLException {
        write(230);
        chainAll();
        long seed = Long.getLong("openward.audit.mutation.seed", System.nanoTime());
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                mutate(connection, seed);
            } finally {
                connection.rollback();
            }
        }
    }

    /** Applies each mutation alone, verifies, and rolls it back; the clean log is checked now and then. */
    private void mutate(Connection connection, long seed) throws SQLException {
        Mutations mutations = new Mutations(seed);
        for (int i = 0; i < 2000; i++) {
            Mutations.Applied applied = mutations.apply(connection);
            Verification verified = audit.verifier.verify(connection, true);
            String context = "seed " + seed + ", mutation " + i + ": " + applied.description();
            assertFalse(context + " went unnoticed", verified.intact());
            Verification.Problem first = verified.first();
            assertEquals(context + " named " + first, applied.firstSeq(), first.seq());
            assertEquals(context + " named " + first, applied.firstEventId(), first.eventId());
            connection.rollback();
            if (i % 500 == 0) {
                Verification clean = audit.verifier.verify(connection, true);
                assertTrue("false alarm after rolling back " + context + ": " + clean.problems(), clean.intact());
            }
        }
        assertTrue(mutations.kindsApplied() + " of the mutation kinds were tried", mutations.allKindsApplied());
    }

    private List<Long> eventIds() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event_id FROM audit_event ORDER BY event_id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
