package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Reference;

/**
 * Encounters: outpatient visits ({@code AMB}), inpatient stays ({@code IMP}, admitted and
 * discharged) and emergency visits ({@code EMER}), with who took part and where.
 */
final class EncounterProfile extends ChartProfile<Encounter> {

    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final Set<String> CLASSES = Set.of("AMB", "IMP", "EMER", "ACUTE", "NONAC", "OBSENC", "SS", "HH", "VR");

    EncounterProfile() {
        super(Encounter.class, "subject", new Parameters("date", "type", "class", "status"));
    }

    @Override
    Reference patient(Encounter encounter) {
        return encounter.getSubject();
    }

    @Override
    void check(Encounter encounter, Checks checks) {
        checks.required("status", encounter.hasStatus());
        Coding kind = encounter.getClass_();
        checks.required("class", kind != null && !kind.isEmpty());
        if (!ACT_CODE.equals(kind.getSystem()) || !CLASSES.contains(kind.getCode())) {
            throw checks.fault("OW-1204", "class", "must be a v3 ActCode (" + ACT_CODE + "): AMB (outpatient),"
                    + " IMP (inpatient), EMER (emergency), " + String.join(", ", CLASSES.stream().sorted()
                            .filter(c -> !Set.of("AMB", "IMP", "EMER").contains(c)).toList()));
        }
        checks.required("period.start", encounter.getPeriod().hasStart());
        checks.period("period", encounter.getPeriod());
        if (encounter.getStatus() == EncounterStatus.FINISHED && "IMP".equals(kind.getCode())) {
            checks.required("period.end", encounter.getPeriod().hasEnd());
        }
        for (int i = 0; i < encounter.getType().size(); i++) {
            checks.coded("type[" + i + "]", encounter.getType().get(i), Set.of(Checks.SNOMED));
        }
        for (int i = 0; i < encounter.getParticipant().size(); i++) {
            checks.required("participant[" + i + "].individual", encounter.getParticipant().get(i).hasIndividual());
        }
        checks.codedIfPresent("hospitalization.dischargeDisposition",
                encounter.getHospitalization().getDischargeDisposition(),
                Set.of("http://terminology.hl7.org/CodeSystem/discharge-disposition"));
    }

    @Override
    Instant date(Encounter encounter) {
        return instant(encounter.getPeriod().getStart());
    }

    @Override
    List<Coding> codes(Encounter encounter) {
        return codings(encounter.getType());
    }

    @Override
    List<Coding> categories(Encounter encounter) {
        return List.of(encounter.getClass_());
    }

    @Override
    String status(Encounter encounter) {
        return encounter.getStatus().toCode();
    }

    @Override
    boolean enteredInError(Encounter encounter) {
        return encounter.getStatus() == EncounterStatus.ENTEREDINERROR;
    }

    @Override
    void markEnteredInError(Encounter encounter) {
        encounter.setStatus(EncounterStatus.ENTEREDINERROR);
    }
}
