package org.openward.pharmacy.impl.fhir;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.Dispensing;
import org.openward.pharmacy.api.MedicationOrders;
import org.openward.pharmacy.api.OrderQuery;
import org.openward.pharmacy.api.Verification;
import org.openward.pharmacy.impl.orders.MedicationOrdersImpl;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Medication orders behind {@code /fhir/MedicationRequest}: create (checked; high alerts need an
 * override), update (modify), read, versions, search by patient, status and verification, and
 * the operations {@code $check} (the alerts without ordering), {@code $verify},
 * {@code $discontinue} and {@code $dispense}.
 */
@Component(service = FhirResourceProvider.class)
public class MedicationRequestProvider implements FhirResourceProvider {

    private final MedicationOrders orders;
    private final Dispensing dispensing;

    @Activate
    public MedicationRequestProvider(@Reference MedicationOrders orders,
            @Reference Dispensing dispensing) {
        this.orders = orders;
        this.dispensing = dispensing;
    }

    @Override
    public String resourceType() {
        return "MedicationRequest";
    }

    @Override
    public Set<FhirInteraction> interactions() {
        return EnumSet.of(FhirInteraction.READ, FhirInteraction.CREATE, FhirInteraction.UPDATE,
                FhirInteraction.SEARCH_TYPE, FhirInteraction.VREAD, FhirInteraction.HISTORY_INSTANCE);
    }

    @Override
    public List<FhirSearchParameter> searchParameters() {
        return List.of(new FhirSearchParameter("patient", FhirSearchParameter.Type.REFERENCE, "the patient's orders (Patient/<id> or <id>)"),
                new FhirSearchParameter("status", FhirSearchParameter.Type.TOKEN, "active: leave out stopped, cancelled and completed orders"),
                new FhirSearchParameter("verification", FhirSearchParameter.Type.TOKEN,
                        "pending, verified, rejected or queried; pending without a patient is the pharmacist's queue"));
    }

    @Override
    public Resource read(String id) {
        return orders.read(id);
    }

    @Override
    public Resource create(Resource resource) {
        return orders.order((MedicationRequest) resource);
    }

    @Override
    public Resource update(String id, Resource resource) {
        return orders.modify(id, (MedicationRequest) resource);
    }

    @Override
    public Resource readVersion(String id, String version) {
        try {
            return orders.readVersion(id, Integer.parseInt(version));
        } catch (NumberFormatException e) {
            throw new NotFoundException("OW-1500", "MedicationRequest/" + id + " has no version '" + version + "'");
        }
    }

    @Override
    public List<Resource> history(String id) {
        return List.copyOf(orders.history(id));
    }

    @Override
    public FhirSearchResult search(FhirSearch search) {
        String patient = single(search, "patient");
        if (patient != null && patient.startsWith("Patient/")) {
            patient = patient.substring("Patient/".length());
        }
        String status = single(search, "status");
        if (status != null && !"active".equals(status.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("OW-1552", "status", "status searches only for active orders");
        }
        String verification = single(search, "verification");
        Verification state;
        try {
            state = verification == null ? null : Verification.ofCode(verification);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("OW-1552", "verification", "verification is pending, verified, rejected or queried");
        }
        List<MedicationRequest> found = orders.search(new OrderQuery(patient, state, status != null));
        int from = Math.min(search.offset(), found.size());
        int to = Math.min(found.size(), from + search.count());
        return new FhirSearchResult(found.size(), found.subList(from, to));
    }

    private static String single(FhirSearch search, String name) {
        List<String> values = search.values(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1 || values.get(0).contains(",")) {
            throw new InvalidInputException("OW-1552", name, name + " takes one value");
        }
        return values.get(0).strip();
    }

    @Override
    public Set<String> typeOperations() {
        return Set.of("check");
    }

    /** {@code $check}: the alerts a MedicationRequest would raise, as DetectedIssues in a collection Bundle. */
    @Override
    public Resource typeOperation(String operation, FhirSearch parameters, Resource input) {
        if (!(input instanceof MedicationRequest proposed)) {
            throw new InvalidInputException("OW-1550", "resourceType", "$check takes the proposed MedicationRequest (POST)");
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Alert alert : orders.check(proposed)) {
            DetectedIssue issue = MedicationOrdersImpl.detectedIssue(alert, DetectedIssue.DetectedIssueStatus.PRELIMINARY);
            issue.setPatient(proposed.getSubject());
            bundle.addEntry().setResource(issue);
        }
        bundle.setTotal(bundle.getEntry().size());
        return bundle;
    }

    @Override
    public Set<String> instanceOperations() {
        return Set.of("verify", "discontinue", "dispense");
    }

    @Override
    public Resource instanceOperation(String id, String operation, FhirSearch parameters, Resource input) {
        OperationInput in = OperationInput.of(input, operation);
        return switch (operation) {
            case "verify" -> orders.verify(id, decision(in.requiredText("decision")), in.text("reason"));
            case "discontinue" -> orders.discontinue(id, in.requiredText("reason"));
            case "dispense" -> dispensing.dispense(id, in.requiredText("barcode"), in.requiredText("location"),
                    in.integer("quantity", 1));
            default -> throw new UnsupportedOperationException("$" + operation);
        };
    }

    private static Verification decision(String code) {
        try {
            Verification decision = Verification.ofCode(code.strip());
            if (decision != Verification.PENDING) {
                return decision;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new InvalidInputException("OW-1515", "parameter(decision)", "the decision is verified, rejected or queried");
    }
}
