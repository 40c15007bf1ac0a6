package org.openward.audit.impl.shell;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditPage;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirDateRange;
import org.openward.platform.api.security.AccessControl;

@Command(scope = "audit", name = "search", description = "Shows audit records, newest first: all of them, or those"
        + " about a patient, by a user, of some actions, in a time span. Auditors only; the search is itself recorded.")
@Service
public class AuditSearchCommand implements Action {

    @Option(name = "-n", aliases = "--count", description = "How many records (1 to 1000).")
    int count = 20;

    @Option(name = "--offset", description = "Skip this many of the newest matches.")
    int offset;

    @Option(name = "-p", aliases = "--patient", description = "Only records about this patient id.")
    String patientId;

    @Option(name = "-u", aliases = "--user", description = "Only records of this user (or system:<task>).")
    String actor;

    @Option(name = "-a", aliases = "--action", multiValued = true,
            description = "Only these actions (repeat the option): READ, SEARCH, CREATE, UPDATE, LOGIN, ACCESS_DENIED, ...")
    List<String> actions;

    @Option(name = "--since", description = "From this date or time on, UTC: 2026-11-21 or 2026-11-21T08:00Z.")
    String since;

    @Option(name = "--until", description = "Up to the end of this date or time, UTC.")
    String until;

    @Reference
    AccessControl access;

    @Reference
    AuditTrail trail;

    @Override
    public Object execute() {
        AuditQuery query = AuditQuery.latest(count).offset(offset).patient(patientId).actor(actor).actions(actions());
        if (since != null) {
            query = query.since(FhirDateRange.parse("--since", List.of("ge" + since)).from());
        }
        if (until != null) {
            query = query.until(FhirDateRange.parse("--until", List.of("le" + until)).until());
        }
        AuditQuery asked = query;
        AuditPage page = access.callAsShellUser(() -> trail.search(asked));
        ShellTable table = new ShellTable();
        for (String column : List.of("Id", "Time (UTC)", "User", "Channel", "Action", "Outcome", "Patient",
                "Resource", "Source", "Detail")) {
            table.column(column);
        }
        for (AuditRecord r : page.records()) {
            String resource = r.resourceType() == null ? ""
                    : r.resourceType() + (r.resourceId() == null ? "" : "/" + r.resourceId());
            String user = r.plugin() == null ? r.actor() : r.actor() + " (plugin " + r.plugin() + ")";
            table.addRow().addContent(r.id(), r.recordedAt(), user, r.channel(), r.action(), r.outcome(),
                    r.patientId() == null ? "" : r.patientId(), resource, r.sourceAddress(),
                    r.detail() == null ? "" : r.detail());
        }
        table.print(System.out);
        System.out.println(page.records().size() + " of " + page.total() + " matching records");
        return null;
    }

    private Set<AuditAction> actions() {
        Set<AuditAction> wanted = EnumSet.noneOf(AuditAction.class);
        for (String name : actions == null ? List.<String>of() : actions) {
            try {
                wanted.add(AuditAction.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("OW-2104", "--action", "--action: '" + name + "' is none of "
                        + EnumSet.allOf(AuditAction.class));
            }
        }
        return wanted;
    }
}
