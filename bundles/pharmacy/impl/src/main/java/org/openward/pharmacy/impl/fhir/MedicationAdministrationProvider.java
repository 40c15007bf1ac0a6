package org.openward.pharmacy.impl.fhir;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.openward.pharmacy.api.EmarSlot;
import org.openward.pharmacy.api.MedicationAdministrations;
import org.openward.pharmacy.api.Scan;
import org.openward.pharmacy.api.SlotStatus;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Administrations behind {@code /fhir/MedicationAdministration}: read, and the operations of
 * the bedside: {@code $administer} (scan, check, give), {@code $not-given} (held, refused) and
 * {@code $emar} (the doses of a span of time, as a Parameters resource of {@code slot}s).
 */
@Component(service = FhirResourceProvider.class)
public class MedicationAdministrationProvider implements FhirResourceProvider {

    private final MedicationAdministrations administrations;

    @Activate
    public MedicationAdministrationProvider(
            @org.osgi.service.component.annotations.Reference MedicationAdministrations administrations) {
        this.administrations = administrations;
    }

    @Override
    public String resourceType() {
        return "MedicationAdministration";
    }

    @Override
    public Set<FhirInteraction> interactions() {
        return EnumSet.of(FhirInteraction.READ);
    }

    @Override
    public List<FhirSearchParameter> searchParameters() {
        return List.of();
    }

    @Override
    public Resource read(String id) {
        return administrations.read(id);
    }

    @Override
    public Set<String> typeOperations() {
        return Set.of("administer", "not-given", "emar");
    }

    @Override
    public Resource typeOperation(String operation, FhirSearch parameters, Resource input) {
        if ("emar".equals(operation)) {
            return emar(parameters);
        }
        if (input == null) {
            throw new UnsupportedOperationException("GET $" + operation);
        }
        OperationInput in = OperationInput.of(input, operation);
        return switch (operation) {
            case "administer" -> {
                String witness = in.text("witness-username");
                yield administrations.administer(new Scan(in.requiredText("patient"), in.requiredText("wristband"),
                        in.requiredText("barcode"), in.integer("units", 1), in.text("order"),
                        witness == null || witness.isBlank() ? null
                                : new Scan.Witness(witness, in.text("witness-password"), in.text("witness-code")),
                        in.text("override-reason")));
            }
            case "not-given" -> administrations.notGiven(in.requiredText("order"), in.instant("scheduled"),
                    notGiven(in.requiredText("status")), in.requiredText("reason"));
            default -> throw new UnsupportedOperationException("$" + operation);
        };
    }

    private static SlotStatus notGiven(String code) {
        return switch (code.strip()) {
            case "held" -> SlotStatus.HELD;
            case "refused" -> SlotStatus.REFUSED;
            default -> throw new InvalidInputException("OW-1547", "parameter(status)", "a dose not given is held or refused");
        };
    }

    private Parameters emar(FhirSearch search) {
        String patient = one(search, "patient");
        if (patient.startsWith("Patient/")) {
            patient = patient.substring("Patient/".length());
        }
        Instant from = instant(one(search, "from"), "from");
        Instant to = instant(one(search, "to"), "to");
        Parameters answer = new Parameters();
        for (EmarSlot slot : administrations.emar(patient, from, to)) {
            Parameters.ParametersParameterComponent line = answer.addParameter().setName("slot");
            line.addPart().setName("order").setValue(new Reference("MedicationRequest/" + slot.orderId()));
            line.addPart().setName("medication").setValue(new StringType(slot.medication()));
            line.addPart().setName("dose").setValue(new StringType(slot.dose()));
            line.addPart().setName("route").setValue(new StringType(slot.route()));
            if (slot.scheduled() != null) {
                line.addPart().setName("scheduled").setValue(new DateTimeType(java.util.Date.from(slot.scheduled())));
            }
            line.addPart().setName("status").setValue(new CodeType(slot.status().code()));
            if (slot.administrationId() != null) {
                line.addPart().setName("administration").setValue(new Reference("MedicationAdministration/" + slot.administrationId()));
            }
            line.addPart().setName("highAlert").setValue(new BooleanType(slot.highAlert()));
        }
        return answer;
    }

    private static String one(FhirSearch search, String name) {
        List<String> values = search.values(name);
        if (values == null || values.size() != 1 || values.get(0).isBlank()) {
            throw new InvalidInputException("OW-1552", name, "$emar needs patient, from and to (one value each)");
        }
        return values.get(0).strip();
    }

    private static Instant instant(String text, String name) {
        try {
            return new DateTimeType(text).getValue().toInstant();
        } catch (RuntimeException e) {
            throw new InvalidInputException("OW-1552", name, name + " is a date and time with its zone, for example 2026-11-21T08:00:00Z");
        }
    }
}
