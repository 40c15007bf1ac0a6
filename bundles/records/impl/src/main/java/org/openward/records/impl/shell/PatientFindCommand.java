package org.openward.records.impl.shell;

import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PatientService;
import org.openward.records.api.PersonName;
import org.openward.records.api.TextMatch;

/** Finds patients by name or by identifier (MRN included), as the shell user; audited. */
@Command(scope = "records", name = "patient-find",
        description = "Finds patients whose name starts with the text, or who carry it as an identifier (MRN).")
@Service
public class PatientFindCommand implements Action {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9-]*\\d[A-Za-z0-9-]*");

    @Argument(index = 0, name = "text", required = true,
            description = "A name (or its start), or an identifier such as an MRN.")
    String text;

    @Option(name = "-n", aliases = "--count", description = "How many patients to show at most (1 to 100).")
    int count = 20;

    @Reference
    AccessControl access;

    @Reference
    PatientService patients;

    @Override
    public Object execute() {
        if (count < 1 || count > 100) {
            throw new IllegalArgumentException("--count must be 1 to 100");
        }
        PatientQuery.Builder query = PatientQuery.builder().page(0, count);
        if (IDENTIFIER.matcher(text).matches()) {
            query.identifier(null, text);
        } else {
            query.name(TextMatch.startsWith(text));
        }
        PatientPage page = access.callAsShellUser(() -> patients.search(query.build()));
        ShellTable table = new ShellTable();
        table.column("MRN");
        table.column("Name");
        table.column("Birth date");
        table.column("Gender");
        table.column("Id");
        for (Patient p : page.patients()) {
            table.addRow().addContent(p.mrn(), displayName(p), p.birthDate() == null ? "" : p.birthDate(),
                    p.gender() == null ? "" : p.gender().code(), p.id());
        }
        table.print(System.out);
        System.out.println(page.total() + " found" + (page.total() > page.patients().size()
                ? ", " + page.patients().size() + " shown" : ""));
        return null;
    }

    private static String displayName(Patient p) {
        if (p.names().isEmpty()) {
            return "";
        }
        PersonName n = p.names().get(0);
        String given = String.join(" ", n.given());
        String family = n.family() == null ? "" : n.family().toUpperCase(Locale.ROOT);
        return (family + (given.isEmpty() ? "" : ", " + given)).strip();
    }
}
