package org.openward.audit.impl.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.security.AccessControl;

@Command(scope = "audit", name = "tail", description = "Shows the latest audit records, newest first.")
@Service
public class AuditTailCommand implements Action {

    @Option(name = "-n", aliases = "--count", description = "How many records (1 to 1000).")
    int count = 20;

    @Option(name = "--patient", aliases = "-p", description = "Only records about this patient id.")
    String patientId;

    @Reference
    AccessControl access;

    @Reference
    AuditTrail trail;

    @Override
    public Object execute() {
        List<AuditRecord> records = access.callAsShellUser(() -> trail.search(
                new AuditQuery(patientId, null, null, null, count)));
        ShellTable table = new ShellTable();
        for (String column : List.of("Id", "Time (UTC)", "Actor", "Channel", "Action", "Outcome", "Patient",
                "Resource", "Source", "Detail")) {
            table.column(column);
        }
        for (AuditRecord r : records) {
            String resource = r.resourceType() == null ? "" : r.resourceType() + (r.resourceId() == null ? "" : "/" + r.resourceId());
            table.addRow().addContent(r.id(), r.recordedAt(), r.actor(), r.channel(), r.action(), r.outcome(),
                    r.patientId() == null ? "" : r.patientId(), resource, r.sourceAddress(),
                    r.detail() == null ? "" : r.detail());
        }
        table.print(System.out);
        return null;
    }
}
