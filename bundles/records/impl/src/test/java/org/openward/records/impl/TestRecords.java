package org.openward.records.impl;

import java.nio.file.Path;

import org.openward.audit.impl.JpaAuditTrail;
import org.openward.audit.testing.TestAuditTrail;
import org.openward.records.impl.chart.ChartServiceImpl;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/**
 * The records module's services wired as the runtime wires them, on a test database with the
 * real platform security, break-glass grants and audit trail: what every records test starts from.
 */
public final class TestRecords {

    /** The system of the MRNs the patient service assigns here. */
    public static final String MRN_SYSTEM = "urn:test:mrn";

    public final Platform platform;
    public final JpaAuditTrail audit;
    public final RecordsDatabase database;
    public final PatientServiceImpl patients;
    public final CareRelationshipsImpl care;
    public final ChartServiceImpl chart;

    public TestRecords(TestDatabase database, Path auditFolder) {
        platform = new Platform(database);
        audit = new TestAuditTrail(database, platform, auditFolder).trail;
        this.database = new RecordsDatabase(database.migrator(RecordsDatabase.class), database.jpa("openward-records"),
                database.transactions());
        patients = new PatientServiceImpl(this.database, platform.security, audit, database.sequences(),
                platform.breakGlass, MRN_SYSTEM, platform.clock);
        care = new CareRelationshipsImpl(this.database, platform.security, audit, platform.clock);
        chart = new ChartServiceImpl(this.database, platform.security, audit, platform.breakGlass, platform.events,
                platform.clock);
    }
}
