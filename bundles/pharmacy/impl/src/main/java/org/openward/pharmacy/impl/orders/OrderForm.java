package org.openward.pharmacy.impl.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.openward.pharmacy.api.MedicationOrders;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.FormularyDrug;
import org.openward.platform.api.error.InvalidInputException;

/**
 * What an order asks for, read and checked from a MedicationRequest: every element the pharmacy
 * acts on, each refused with its own code and the element's path when it is missing or wrong.
 *
 * @param dosesPerDay scheduled doses a day; for an as-needed order, the most its timing allows (0 without timing)
 * @param end         when the order stops, or {@code null} for an open order
 * @param overrides   the alert overrides sent with the order: alert key to reason
 */
public record OrderForm(String patientId, FormularyDrug drug, double dose, String route, int frequency,
        double period, String periodUnit, boolean asNeeded, String asNeededReason, Instant start, Instant end,
        double dosesPerDay, Map<String, String> overrides) {

    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String SNOMED = "http://snomed.info/sct";
    private static final int MAX_REASON = 1000;
    private static final String DOSAGE = "dosageInstruction[0]";

    /** Reads an order; {@code now} is the default start. */
    public static OrderForm read(MedicationRequest request, Formulary formulary, Instant now) {
        String patientId = patient(request);
        FormularyDrug drug = drug(request, formulary);
        if (request.getDosageInstruction().size() != 1) {
            throw new InvalidInputException("OW-1503", "dosageInstruction",
                    "an order has exactly one dosage instruction (dose, route, frequency)");
        }
        Dosage dosage = request.getDosageInstructionFirstRep();
        double dose = dose(dosage, drug);
        String route = route(dosage, drug, formulary);
        boolean asNeeded = dosage.hasAsNeeded() && (!dosage.hasAsNeededBooleanType() || dosage.getAsNeededBooleanType().booleanValue());
        String asNeededReason = null;
        if (asNeeded) {
            if (!dosage.hasAsNeededCodeableConcept() || !hasText(dosage.getAsNeededCodeableConcept().getText())
                    && !dosage.getAsNeededCodeableConcept().hasCoding()) {
                throw new InvalidInputException("OW-1506", DOSAGE + ".asNeededCodeableConcept",
                        "an as-needed order says what it is needed for (asNeededCodeableConcept with a text or code)");
            }
            asNeededReason = hasText(dosage.getAsNeededCodeableConcept().getText())
                    ? dosage.getAsNeededCodeableConcept().getText().strip()
                    : dosage.getAsNeededCodeableConcept().getCodingFirstRep().getDisplay();
        }
        Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
        int frequency = 0;
        double period = 0;
        String unit = null;
        if (dosage.getTiming().hasRepeat() && (repeat.hasFrequency() || repeat.hasPeriod())) {
            frequency = repeat.hasFrequency() ? repeat.getFrequency() : 1;
            period = repeat.hasPeriod() ? repeat.getPeriod().doubleValue() : 0;
            unit = repeat.hasPeriodUnit() ? repeat.getPeriodUnit().toCode() : null;
            if (frequency < 1 || frequency > 24 || period <= 0 || !("h".equals(unit) || "d".equals(unit))) {
                throw new InvalidInputException("OW-1506", DOSAGE + ".timing.repeat",
                        "the frequency is 1 to 24 doses per period, the period more than 0 hours (periodUnit h) or days (d)");
            }
        } else if (!asNeeded) {
            throw new InvalidInputException("OW-1506", DOSAGE + ".timing.repeat",
                    "a scheduled order needs its frequency (timing.repeat frequency, period and periodUnit h or d)");
        }
        double perDay = frequency == 0 ? 0 : frequency * ("h".equals(unit) ? 24 / period : 1 / period);
        Instant start = now;
        Instant end = null;
        if (repeat.hasBoundsPeriod()) {
            if (repeat.getBoundsPeriod().hasStart()) {
                start = repeat.getBoundsPeriod().getStart().toInstant();
            }
            if (repeat.getBoundsPeriod().hasEnd()) {
                end = repeat.getBoundsPeriod().getEnd().toInstant();
            }
        }
        if (request.getDispenseRequest().hasExpectedSupplyDuration()) {
            Quantity duration = request.getDispenseRequest().getExpectedSupplyDuration();
            if (!duration.hasValue() || duration.getValue().signum() <= 0 || !"d".equals(duration.getCode())) {
                throw new InvalidInputException("OW-1509", "dispenseRequest.expectedSupplyDuration",
                        "the duration is a number of days greater than 0 (code d)");
            }
            Instant byDuration = start.plus(Duration.ofMinutes(Math.round(duration.getValue().doubleValue() * 24 * 60)));
            end = end == null || byDuration.isBefore(end) ? byDuration : end;
        }
        if (end != null && !end.isAfter(start)) {
            throw new InvalidInputException("OW-1508", DOSAGE + ".timing.repeat.boundsPeriod.end",
                    "the order must stop after it starts");
        }
        return new OrderForm(patientId, drug, dose, route, frequency, period, unit, asNeeded, asNeededReason, start,
                end, perDay, overrides(request));
    }

    private static String patient(MedicationRequest request) {
        String reference = request.getSubject().getReference();
        if (reference == null || !reference.matches("Patient/[A-Za-z0-9\\-.]{1,64}")) {
            throw new InvalidInputException("OW-1501", "subject", "the order names its patient: subject.reference Patient/<id>");
        }
        return reference.substring("Patient/".length());
    }

    private static FormularyDrug drug(MedicationRequest request, Formulary formulary) {
        if (!request.hasMedicationCodeableConcept()) {
            throw new InvalidInputException("OW-1502", "medicationCodeableConcept",
                    "the order names the drug by its RxNorm code (medicationCodeableConcept)");
        }
        for (Coding coding : request.getMedicationCodeableConcept().getCoding()) {
            if (RXNORM.equals(coding.getSystem()) && coding.hasCode()) {
                return formulary.drug(coding.getCode()).orElseThrow(() -> new InvalidInputException("OW-1502",
                        "medicationCodeableConcept", "RxNorm " + coding.getCode() + " is not in the formulary"));
            }
        }
        throw new InvalidInputException("OW-1502", "medicationCodeableConcept",
                "the order names the drug by its RxNorm code (system " + RXNORM + ")");
    }

    private static double dose(Dosage dosage, FormularyDrug drug) {
        String field = DOSAGE + ".doseAndRate[0].doseQuantity";
        if (!dosage.hasDoseAndRate() || !dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
            throw new InvalidInputException("OW-1504", field, "the order gives the dose (a quantity in " + drug.doseUnit() + ")");
        }
        Quantity quantity = dosage.getDoseAndRateFirstRep().getDoseQuantity();
        if (!quantity.hasValue() || quantity.getValue().signum() <= 0) {
            throw new InvalidInputException("OW-1504", field + ".value", "the dose is a number greater than 0");
        }
        String unit = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
        if (!drug.doseUnit().equals(unit)) {
            throw new InvalidInputException("OW-1504", field + ".code", drug.name() + " is dosed in " + drug.doseUnit()
                    + " (UCUM), not " + unit);
        }
        return quantity.getValue().doubleValue();
    }

    private static String route(Dosage dosage, FormularyDrug drug, Formulary formulary) {
        for (Coding coding : dosage.getRoute().getCoding()) {
            if (SNOMED.equals(coding.getSystem()) && coding.hasCode()) {
                if (!drug.routes().contains(coding.getCode())) {
                    throw new InvalidInputException("OW-1505", DOSAGE + ".route", drug.name() + " is not given by route "
                            + formulary.routeName(coding.getCode()) + " here; its routes: "
                            + String.join(", ", drug.routes().stream().map(formulary::routeName).sorted().toList()));
                }
                return coding.getCode();
            }
        }
        throw new InvalidInputException("OW-1505", DOSAGE + ".route", "the order gives the route as a SNOMED CT code");
    }

    private static Map<String, String> overrides(MedicationRequest request) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Extension extension : request.getExtensionsByUrl(MedicationOrders.OVERRIDE_EXTENSION)) {
            Extension alert = extension.getExtensionByUrl("alert");
            Extension reason = extension.getExtensionByUrl("reason");
            String key = alert == null ? null : alert.getValue().primitiveValue();
            String why = reason == null ? null : reason.getValue().primitiveValue();
            if (!hasText(key) || !hasText(why) || why.strip().length() < 5 || why.length() > MAX_REASON) {
                throw new InvalidInputException("OW-1511", "extension(" + MedicationOrders.OVERRIDE_EXTENSION + ")",
                        "an override names the alert (its key) and gives the reason, 5 to 1000 characters");
            }
            overrides.put(key.strip(), why.strip());
        }
        return overrides;
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }

    /** The dose with its unit, for messages: {@code 500 mg}. */
    public String doseText() {
        return Schedule.number(dose) + " " + drug.doseUnit();
    }
}
