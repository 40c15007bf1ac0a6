package org.openward.pharmacy.impl.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.openward.pharmacy.api.MedicationOrders;
import org.openward.pharmacy.api.OrderQuery;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PatientService;

/** Lists a patient's medication orders, as the shell user; the read is audited. */
@Command(scope = "pharmacy", name = "orders", description = "Lists a patient's medication orders (the current ones;"
        + " --all for stopped and cancelled ones too), with their verification.")
@Service
public class OrdersCommand implements Action {

    @Argument(index = 0, name = "patient", required = true, description = "The patient's MRN or id.")
    String patient;

    @Option(name = "-a", aliases = "--all", description = "Include stopped, cancelled and completed orders.")
    boolean all;

    @Reference
    AccessControl access;

    @Reference
    PatientService patients;

    @Reference
    MedicationOrders orders;

    @Override
    public Object execute() {
        List<MedicationRequest> found = access.callAsShellUser(() -> {
            String patientId = patientId(patient);
            return orders.search(new OrderQuery(patientId, null, !all));
        });
        ShellTable table = new ShellTable();
        table.column("Order");
        table.column("Drug");
        table.column("Dose");
        table.column("Route");
        table.column("Frequency");
        table.column("Status");
        table.column("Verification");
        table.column("Prescriber");
        for (MedicationRequest order : found) {
            Dosage dosage = order.getDosageInstructionFirstRep();
            var repeat = dosage.getTiming().getRepeat();
            String frequency = dosage.hasAsNeededCodeableConcept() ? "as needed: " + dosage.getAsNeededCodeableConcept().getText()
                    : repeat.getFrequency() + " per " + repeat.getPeriod().stripTrailingZeros().toPlainString() + " "
                            + (repeat.hasPeriodUnit() ? repeat.getPeriodUnit().toCode() : "");
            table.addRow().addContent(order.getIdElement().getIdPart(),
                    order.getMedicationCodeableConcept().getCodingFirstRep().getDisplay(),
                    dosage.getDoseAndRateFirstRep().getDoseQuantity().getValue().stripTrailingZeros().toPlainString() + " "
                            + dosage.getDoseAndRateFirstRep().getDoseQuantity().getCode(),
                    dosage.getRoute().getCodingFirstRep().getDisplay() != null ? dosage.getRoute().getCodingFirstRep().getDisplay()
                            : dosage.getRoute().getCodingFirstRep().getCode(),
                    frequency, order.getStatus().toCode(), verification(order), order.getRequester().getDisplay());
        }
        table.print(System.out);
        System.out.println(found.size() + (found.size() == 1 ? " order." : " orders."));
        return null;
    }

    /** The patient with this id, else the one with this MRN. */
    private String patientId(String text) {
        try {
            return patients.get(text).id();
        } catch (NotFoundException e) {
            PatientPage page = patients.search(PatientQuery.builder().identifier(patients.mrnSystem(), text).page(0, 2).build());
            if (page.patients().size() != 1) {
                throw new NotFoundException("OW-1553", "no patient with id or MRN " + text);
            }
            return page.patients().get(0).id();
        }
    }

    private static String verification(MedicationRequest order) {
        Extension extension = order.getExtensionByUrl(MedicationOrders.VERIFICATION_EXTENSION);
        if (extension == null || extension.getExtensionByUrl("status") == null) {
            return "pending";
        }
        Extension by = extension.getExtensionByUrl("by");
        return extension.getExtensionByUrl("status").getValue().primitiveValue()
                + (by == null ? "" : " by " + by.getValue().primitiveValue());
    }
}
