package org.openward.pharmacy.impl.safety;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceCriticality;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceReactionComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.AlertKind;
import org.openward.pharmacy.impl.formulary.DoseLimits;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.FormularyDrug;
import org.openward.pharmacy.spi.DrugConcept;
import org.openward.pharmacy.spi.Interaction;
import org.openward.pharmacy.spi.InteractionKnowledgeBase;
import org.openward.pharmacy.spi.Severity;

/**
 * The safety checks run on a medication order: drug–allergy and cross-sensitivity, drug–drug
 * interactions (every knowledge base asked, each with a time limit), duplicate therapy and dose
 * range. Thread-safe; one instance serves every order.
 *
 * <h2>Alerts</h2>
 * <ul>
 * <li>{@code drug-allergy:<allergy id>} ({@link AlertKind#DRUG_ALLERGY}): an active allergy whose
 * RxNorm code is one of the drug's ingredients, or whose substance shares a class with the drug
 * (the classes analgesics, bronchodilators, antiplatelets, serotonergic, qt-prolonging,
 * anticoagulants and antiarrhythmics excepted: they group drugs by use or risk, not by
 * chemistry). {@link Severity#HIGH}, or
 * {@link Severity#MODERATE} when the allergy's criticality is low.</li>
 * <li>{@code cross-sensitivity:<allergy id>} ({@link AlertKind#CROSS_SENSITIVITY}): the
 * allergen's class cross-reacts with the drug's class ({@link CrossSensitivities}), with the
 * configured severity. One allergy gives at most one of the two: a direct or same-class match
 * wins.</li>
 * <li>{@code drug-interaction:<other rxnorm>} ({@link AlertKind#DRUG_INTERACTION}): a knowledge
 * base reports the pair; the same pair from several knowledge bases is one alert with the highest
 * severity and their evidence joined.</li>
 * <li>{@code check-unavailable:<knowledge base name>} ({@link AlertKind#CHECK_UNAVAILABLE},
 * MODERATE): a knowledge base threw or did not answer in time; {@code check-unavailable:interactions}
 * when the patient takes other drugs and no knowledge base is registered.</li>
 * <li>{@code duplicate-therapy:<other rxnorm>} ({@link AlertKind#DUPLICATE_THERAPY}): HIGH when a
 * drug already taken shares an ingredient, MODERATE when it shares a class (the classes analgesics,
 * bronchodilators, antiplatelets, serotonergic and qt-prolonging excepted).</li>
 * <li>{@code dose-range:single}, {@code dose-range:daily}, {@code dose-range:single-per-kg},
 * {@code dose-range:daily-per-kg} ({@link AlertKind#DOSE_RANGE}, HIGH): the dose is above the
 * formulary limit; {@code check-unavailable:weight} (MODERATE) for a weight-based drug when no
 * weight is recorded.</li>
 * </ul>
 * Allergy records without an RxNorm coding are skipped: matching free text against drug names is
 * not attempted.
 */
public final class OrderChecks {

    /** The RxNorm code system. */
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /**
     * Classes that group drugs by use or by a shared risk rather than by chemistry or mechanism:
     * two drugs sharing only these are not duplicate therapy (an analgesic with another analgesic
     * is multimodal analgesia; aspirin with clopidogrel is dual antiplatelet therapy).
     */
    static final Set<String> NOT_DUPLICATE_CLASSES = Set.of("analgesics", "bronchodilators", "antiplatelets",
            "serotonergic", "qt-prolonging");

    /**
     * Classes that say nothing about allergic cross-reactivity: an allergy to a drug sharing only
     * these with the ordered drug is not reported as a same-class allergy.
     */
    static final Set<String> NOT_ALLERGY_CLASSES = Set.of("analgesics", "bronchodilators", "antiplatelets",
            "serotonergic", "qt-prolonging", "anticoagulants", "antiarrhythmics");

    private static final double TOLERANCE = 1e-9;

    private final Formulary formulary;
    private final CrossSensitivities crossSensitivities;
    private final Supplier<List<InteractionKnowledgeBase>> knowledgeBases;
    private final Duration knowledgeBaseTimeout;
    private final ExecutorService executor;

    /**
     * @param formulary            gives allergens and current drugs their classes
     * @param crossSensitivities   which classes cross-react
     * @param knowledgeBases       the knowledge bases registered at the time of each check
     * @param knowledgeBaseTimeout how long each knowledge base may take
     * @param executor             runs the knowledge-base calls (its threads may be interrupted on timeout)
     */
    public OrderChecks(Formulary formulary, CrossSensitivities crossSensitivities,
            Supplier<List<InteractionKnowledgeBase>> knowledgeBases, Duration knowledgeBaseTimeout,
            ExecutorService executor) {
        this.formulary = Objects.requireNonNull(formulary, "formulary");
        this.crossSensitivities = Objects.requireNonNull(crossSensitivities, "crossSensitivities");
        this.knowledgeBases = Objects.requireNonNull(knowledgeBases, "knowledgeBases");
        this.knowledgeBaseTimeout = Objects.requireNonNull(knowledgeBaseTimeout, "knowledgeBaseTimeout");
        if (knowledgeBaseTimeout.isNegative() || knowledgeBaseTimeout.isZero()) {
            throw new IllegalArgumentException("knowledgeBaseTimeout must be positive");
        }
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Every alert for the order, highest severity first, then by key. */
    public List<Alert> check(ProposedOrder order, PatientContext patient) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(patient, "patient");
        List<Alert> alerts = new ArrayList<>();
        alerts.addAll(allergies(order.drug(), patient.allergies()));
        alerts.addAll(interactions(order.drug(), patient.current()));
        alerts.addAll(duplicates(order.drug(), patient.current()));
        alerts.addAll(doseRange(order, patient.weightKg()));
        Map<String, Alert> byKey = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            byKey.merge(alert.key(), alert, (a, b) -> b.severity().compareTo(a.severity()) < 0 ? b : a);
        }
        List<Alert> result = new ArrayList<>(byKey.values());
        result.sort(Comparator.comparing(Alert::severity).thenComparing(Alert::key));
        return List.copyOf(result);
    }

    // ---------------------------------------------------------------- allergies

    /** The allergy and cross-sensitivity alerts of a drug alone (screening active orders again). */
    public List<Alert> allergies(FormularyDrug drug, List<AllergyIntolerance> allergies) {
        Map<String, Alert> byKey = new LinkedHashMap<>();
        for (AllergyIntolerance allergy : allergies) {
            if (allergy == null || !counts(allergy)) {
                continue;
            }
            List<Coding> codes = allergy.getCode().getCoding().stream()
                    .filter(c -> RXNORM.equals(c.getSystem()) && c.getCode() != null && !c.getCode().isBlank())
                    .toList();
            if (codes.isEmpty()) {
                continue; // no RxNorm code: not matched by text (see the class comment)
            }
            String id = allergyId(allergy, codes);
            Severity allergySeverity = allergy.getCriticality() == AllergyIntoleranceCriticality.LOW
                    ? Severity.MODERATE : Severity.HIGH;
            Alert best = null;
            for (Coding coding : codes) {
                DrugConcept allergen = formulary.concept(coding.getCode().strip(), substanceName(allergy, coding));
                Alert alert = allergyAlert(drug, allergy, allergen, id, allergySeverity);
                if (alert != null && (best == null || rank(alert) < rank(best))) {
                    best = alert;
                }
            }
            if (best != null) {
                byKey.merge(best.key(), best, (a, b) -> rank(a) <= rank(b) ? a : b);
            }
        }
        return List.copyOf(byKey.values());
    }

    /** Lower is stronger: a direct or same-class allergy before a cross-sensitivity, then by severity. */
    private static int rank(Alert alert) {
        return (alert.kind() == AlertKind.DRUG_ALLERGY ? 0 : 10) + alert.severity().ordinal();
    }

    private Alert allergyAlert(FormularyDrug drug, AllergyIntolerance allergy, DrugConcept allergen, String id,
            Severity severity) {
        String evidence = allergyEvidence(allergy, allergen);
        Set<String> sharedIngredients = new TreeSet<>(allergen.ingredients());
        sharedIngredients.retainAll(drug.ingredients());
        if (!sharedIngredients.isEmpty() || drug.rxnorm().equals(allergen.rxnorm())) {
            String what = drug.rxnorm().equals(allergen.rxnorm()) ? ""
                    : " (" + drug.name() + " contains " + String.join(", ", ingredientNames(sharedIngredients)) + ")";
            return new Alert("drug-allergy:" + id, AlertKind.DRUG_ALLERGY, severity,
                    "The patient is allergic to " + allergen.name() + what + ".", evidence);
        }
        Set<String> sharedClasses = new TreeSet<>(allergen.classes());
        sharedClasses.retainAll(drug.classes());
        sharedClasses.removeAll(NOT_ALLERGY_CLASSES);
        if (!sharedClasses.isEmpty()) {
            return new Alert("drug-allergy:" + id, AlertKind.DRUG_ALLERGY, severity,
                    "The patient is allergic to " + allergen.name() + "; " + drug.name() + " is of the same class: "
                            + String.join(", ", sharedClasses) + ".",
                    evidence);
        }
        Severity cross = null;
        String pair = null;
        for (String allergenClass : new TreeSet<>(allergen.classes())) {
            for (String drugClass : new TreeSet<>(drug.classes())) {
                Severity s = crossSensitivities.between(allergenClass, drugClass).orElse(null);
                if (s != null && (cross == null || s.compareTo(cross) < 0)) {
                    cross = s;
                    pair = allergenClass + " and " + drugClass;
                }
            }
        }
        if (cross != null) {
            return new Alert("cross-sensitivity:" + id, AlertKind.CROSS_SENSITIVITY, cross,
                    "The patient is allergic to " + allergen.name() + "; " + drug.name()
                            + " may cross-react (" + pair + ").",
                    evidence);
        }
        return null;
    }

    private List<String> ingredientNames(Set<String> codes) {
        return codes.stream().map(code -> formulary.concept(code, null).name()).toList();
    }

    /** Active (or without a clinical status) and neither refuted nor entered in error. */
    private static boolean counts(AllergyIntolerance allergy) {
        String verification = statusCode(allergy.getVerificationStatus());
        if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
            return false;
        }
        String clinical = statusCode(allergy.getClinicalStatus());
        return clinical == null || "active".equals(clinical);
    }

    private static String statusCode(CodeableConcept status) {
        if (status == null) {
            return null;
        }
        return status.getCoding().stream().map(Coding::getCode).filter(Objects::nonNull)
                .map(c -> c.strip().toLowerCase(Locale.ROOT)).findFirst().orElse(null);
    }

    private static String allergyId(AllergyIntolerance allergy, List<Coding> codes) {
        if (allergy.getIdElement() != null && allergy.getIdElement().getIdPart() != null
                && !allergy.getIdElement().getIdPart().isBlank()) {
            return allergy.getIdElement().getIdPart();
        }
        return "rxnorm-" + codes.get(0).getCode().strip(); // an unsaved record: named by its substance
    }

    private static String substanceName(AllergyIntolerance allergy, Coding coding) {
        if (coding.getDisplay() != null && !coding.getDisplay().isBlank()) {
            return coding.getDisplay();
        }
        String text = allergy.getCode().getText();
        return text != null && !text.isBlank() ? text : null;
    }

    private static String allergyEvidence(AllergyIntolerance allergy, DrugConcept allergen) {
        StringBuilder s = new StringBuilder("AllergyIntolerance");
        String id = allergy.getIdElement() == null ? null : allergy.getIdElement().getIdPart();
        if (id != null) {
            s.append('/').append(id);
        }
        s.append(": ").append(allergen.name()).append(" (RxNorm ").append(allergen.rxnorm()).append(')');
        AllergyIntoleranceCriticality criticality = allergy.getCriticality();
        s.append("; criticality ").append(criticality == null || criticality == AllergyIntoleranceCriticality.NULL
                ? "not recorded" : criticality.toCode());
        if (allergy.getType() != null && allergy.getType() != AllergyIntolerance.AllergyIntoleranceType.NULL) {
            s.append("; type ").append(allergy.getType().toCode());
        }
        String verification = statusCode(allergy.getVerificationStatus());
        if (verification != null) {
            s.append("; ").append(verification);
        }
        List<String> reactions = new ArrayList<>();
        for (AllergyIntoleranceReactionComponent reaction : allergy.getReaction()) {
            String manifestations = reaction.getManifestation().stream().map(OrderChecks::display)
                    .filter(Objects::nonNull).collect(Collectors.joining(", "));
            if (manifestations.isEmpty()) {
                manifestations = "reaction not described";
            }
            if (reaction.getSeverity() != null
                    && reaction.getSeverity() != AllergyIntolerance.AllergyIntoleranceSeverity.NULL) {
                manifestations += " (" + reaction.getSeverity().toCode() + ")";
            }
            reactions.add(manifestations);
        }
        s.append("; reaction: ").append(reactions.isEmpty() ? "not recorded" : String.join("; ", reactions));
        String recorded = allergy.hasRecordedDate() ? allergy.getRecordedDateElement().getValueAsString() : null;
        s.append("; recorded ").append(recorded == null ? "date unknown"
                : recorded.length() > 10 ? recorded.substring(0, 10) : recorded);
        return s.toString();
    }

    private static String display(CodeableConcept concept) {
        if (concept.getText() != null && !concept.getText().isBlank()) {
            return concept.getText();
        }
        return concept.getCoding().stream().map(c -> c.getDisplay() != null ? c.getDisplay() : c.getCode())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- interactions

    private List<Alert> interactions(FormularyDrug drug, List<CurrentMedication> current) {
        if (current.isEmpty()) {
            return List.of();
        }
        List<InteractionKnowledgeBase> bases;
        try {
            bases = knowledgeBases.get();
        } catch (RuntimeException e) {
            bases = null;
        }
        bases = bases == null ? List.of() : bases.stream().filter(Objects::nonNull).toList();
        if (bases.isEmpty()) {
            return List.of(new Alert("check-unavailable:interactions", AlertKind.CHECK_UNAVAILABLE, Severity.MODERATE,
                    "Interaction checking could not run: no interaction knowledge base is available.",
                    "no InteractionKnowledgeBase registered"));
        }
        DrugConcept proposed = drug.concept();
        Collection<DrugConcept> concepts = current.stream().map(CurrentMedication::drug).toList();
        long timeoutNanos = knowledgeBaseTimeout.toNanos();
        List<Future<List<Interaction>>> futures = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        long start = System.nanoTime();
        for (InteractionKnowledgeBase kb : bases) {
            names.add(nameOf(kb));
            try {
                futures.add(executor.submit(() -> kb.interactions(proposed, concepts)));
            } catch (RejectedExecutionException e) {
                futures.add(null);
            }
        }
        Map<String, Finding> findings = new LinkedHashMap<>();
        boolean interrupted = false;
        for (int i = 0; i < futures.size(); i++) {
            String name = names.get(i);
            Future<List<Interaction>> future = futures.get(i);
            String failure;
            if (future == null) {
                failure = "it could not be started";
            } else if (interrupted) {
                future.cancel(true);
                failure = "the check was interrupted";
            } else {
                try {
                    long left = Math.max(0, timeoutNanos - (System.nanoTime() - start));
                    List<Interaction> result = future.get(left, TimeUnit.NANOSECONDS);
                    for (Interaction interaction : result == null ? List.<Interaction>of() : result) {
                        if (interaction != null) {
                            findings.computeIfAbsent(interaction.with().rxnorm(), k -> new Finding(interaction.with()))
                                    .add(name, interaction);
                        }
                    }
                    continue;
                } catch (TimeoutException e) {
                    future.cancel(true);
                    failure = "it did not answer within " + knowledgeBaseTimeout.toMillis() + " ms";
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    failure = "it failed: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                } catch (CancellationException e) {
                    failure = "it was cancelled";
                } catch (InterruptedException e) {
                    interrupted = true;
                    future.cancel(true);
                    failure = "the check was interrupted";
                }
            }
            alerts.add(new Alert("check-unavailable:" + name, AlertKind.CHECK_UNAVAILABLE, Severity.MODERATE,
                    "Interaction checking with " + name + " could not run; interactions it knows are not shown.",
                    name + ": " + failure));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Finding finding : findings.values()) {
            String sources = current.stream().filter(c -> c.drug().rxnorm().equals(finding.with.rxnorm()))
                    .map(CurrentMedication::source).distinct().collect(Collectors.joining(", "));
            alerts.add(new Alert("drug-interaction:" + finding.with.rxnorm(), AlertKind.DRUG_INTERACTION,
                    finding.severity, drug.name() + " with " + finding.with.name()
                            + (sources.isEmpty() ? "" : " (" + sources + ")") + ": " + finding.summary,
                    String.join("; ", finding.evidence)));
        }
        return alerts;
    }

    private static String nameOf(InteractionKnowledgeBase kb) {
        try {
            String name = kb.name();
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        } catch (RuntimeException e) {
            // fall through: a knowledge base that cannot name itself is named by its class
        }
        return kb.getClass().getName();
    }

    /** One pair found by one or more knowledge bases. */
    private static final class Finding {

        final DrugConcept with;
        Severity severity;
        String summary;
        final Set<String> evidence = new LinkedHashSet<>();

        Finding(DrugConcept with) {
            this.with = with;
        }

        void add(String kbName, Interaction interaction) {
            if (severity == null || interaction.severity().compareTo(severity) < 0) {
                severity = interaction.severity();
                summary = interaction.summary();
            }
            evidence.add(kbName + ": " + interaction.evidence());
        }
    }

    // ---------------------------------------------------------------- duplicate therapy

    private List<Alert> duplicates(FormularyDrug drug, List<CurrentMedication> current) {
        DrugConcept proposed = drug.concept();
        Map<String, Alert> byKey = new LinkedHashMap<>();
        for (CurrentMedication medication : current) {
            DrugConcept other = medication.drug();
            Alert alert = null;
            if (other.sharesIngredientWith(proposed) || other.rxnorm().equals(proposed.rxnorm())) {
                Set<String> shared = new TreeSet<>(other.ingredients());
                shared.retainAll(proposed.ingredients());
                String message = other.rxnorm().equals(proposed.rxnorm())
                        ? "The patient already takes " + drug.name() + "."
                        : "The patient already takes " + other.name() + ", which also contains "
                                + String.join(", ", ingredientNames(shared)) + ".";
                alert = new Alert("duplicate-therapy:" + other.rxnorm(), AlertKind.DUPLICATE_THERAPY, Severity.HIGH,
                        message, medication.source());
            } else {
                Set<String> shared = new TreeSet<>(other.classes());
                shared.retainAll(proposed.classes());
                shared.removeAll(NOT_DUPLICATE_CLASSES);
                if (!shared.isEmpty()) {
                    alert = new Alert("duplicate-therapy:" + other.rxnorm(), AlertKind.DUPLICATE_THERAPY,
                            Severity.MODERATE, "The patient already takes " + other.name() + ", of the same class as "
                                    + drug.name() + ": " + String.join(", ", shared) + ".",
                            medication.source());
                }
            }
            if (alert != null) {
                byKey.merge(alert.key(), alert, OrderChecks::mergeDuplicate);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static Alert mergeDuplicate(Alert a, Alert b) {
        Alert first = a.severity().compareTo(b.severity()) <= 0 ? a : b;
        Set<String> sources = new LinkedHashSet<>(List.of(a.evidence().split("; ")));
        sources.addAll(List.of(b.evidence().split("; ")));
        return new Alert(first.key(), first.kind(), first.severity(), first.message(), String.join("; ", sources));
    }

    // ---------------------------------------------------------------- dose range

    private List<Alert> doseRange(ProposedOrder order, Double weightKg) {
        FormularyDrug drug = order.drug();
        DoseLimits limits = drug.limits();
        String unit = unitText(drug.doseUnit());
        double dose = order.dose();
        double perDay = order.dosesPerDay() > 0 ? order.dosesPerDay()
                : order.asNeeded() ? drug.maxDosesPerDayAsNeeded() : 0;
        double daily = dose * perDay;
        String dailyText = daily(drug, order, dose, perDay, unit);
        String evidence = limitsText(drug, unit, order, perDay);
        List<Alert> alerts = new ArrayList<>();
        if (limits.maxSingle() != null && above(dose, limits.maxSingle())) {
            alerts.add(new Alert("dose-range:single", AlertKind.DOSE_RANGE, Severity.HIGH,
                    drug.name() + " " + num(dose) + " " + unit + " is more than the largest single dose, "
                            + num(limits.maxSingle()) + " " + unit + ".",
                    evidence));
        }
        if (limits.maxDaily() != null && perDay > 0 && above(daily, limits.maxDaily())) {
            alerts.add(new Alert("dose-range:daily", AlertKind.DOSE_RANGE, Severity.HIGH,
                    dailyText + " is more than the largest daily dose, " + num(limits.maxDaily()) + " " + unit
                            + "/day.",
                    evidence));
        }
        boolean perKg = limits.maxSinglePerKg() != null || limits.maxDailyPerKg() != null;
        if (weightKg == null) {
            if (limits.weightBased()) {
                alerts.add(new Alert("check-unavailable:weight", AlertKind.CHECK_UNAVAILABLE, Severity.MODERATE,
                        drug.name() + " is dosed by weight and the patient has no recorded weight: the dose per kg"
                                + " could not be checked.",
                        evidence));
            }
        } else if (perKg) {
            String kg = String.format(Locale.ROOT, "%.1f kg", weightKg);
            if (limits.maxSinglePerKg() != null && above(dose, limits.maxSinglePerKg() * weightKg)) {
                alerts.add(new Alert("dose-range:single-per-kg", AlertKind.DOSE_RANGE, Severity.HIGH,
                        drug.name() + " " + num(dose) + " " + unit + " is more than " + num(limits.maxSinglePerKg())
                                + " " + unit + "/kg for " + kg + " (" + num(limits.maxSinglePerKg() * weightKg) + " "
                                + unit + ").",
                        evidence));
            }
            if (limits.maxDailyPerKg() != null && perDay > 0 && above(daily, limits.maxDailyPerKg() * weightKg)) {
                alerts.add(new Alert("dose-range:daily-per-kg", AlertKind.DOSE_RANGE, Severity.HIGH,
                        dailyText + " is more than " + num(limits.maxDailyPerKg()) + " " + unit + "/kg/day for " + kg
                                + " (" + num(limits.maxDailyPerKg() * weightKg) + " " + unit + "/day).",
                        evidence));
            }
        }
        return alerts;
    }

    private static boolean above(double value, double limit) {
        return value > limit * (1 + TOLERANCE);
    }

    private static String daily(FormularyDrug drug, ProposedOrder order, double dose, double perDay, String unit) {
        String times = order.asNeeded() ? "up to " + num(perDay) + " times a day as needed"
                : num(perDay) + " times a day";
        return drug.name() + " " + num(dose) + " " + unit + " " + times + " (" + num(dose * perDay) + " " + unit
                + "/day)";
    }

    private static String limitsText(FormularyDrug drug, String unit, ProposedOrder order, double perDay) {
        DoseLimits l = drug.limits();
        List<String> parts = new ArrayList<>();
        if (l.maxSingle() != null) {
            parts.add(num(l.maxSingle()) + " " + unit + " per dose");
        }
        if (l.maxDaily() != null) {
            parts.add(num(l.maxDaily()) + " " + unit + "/day");
        }
        if (l.maxSinglePerKg() != null) {
            parts.add(num(l.maxSinglePerKg()) + " " + unit + "/kg per dose");
        }
        if (l.maxDailyPerKg() != null) {
            parts.add(num(l.maxDailyPerKg()) + " " + unit + "/kg/day");
        }
        String text = "Formulary dose limits for " + drug.name() + " (RxNorm " + drug.rxnorm() + "): "
                + (parts.isEmpty() ? "none" : "at most " + String.join(", ", parts))
                + (l.weightBased() ? "; dosed by weight" : "");
        if (order.asNeeded() && order.dosesPerDay() <= 0) {
            text += "; as-needed order counted as " + num(perDay) + " doses a day";
        }
        return text;
    }

    /** The unit as a prescriber reads it. */
    private static String unitText(String ucum) {
        return switch (ucum) {
            case "[iU]" -> "units";
            case "ug" -> "micrograms";
            case "{puff}" -> "puffs";
            default -> ucum;
        };
    }

    /** A number without trailing zeros, at most three decimals: 180, 0.5, 1.125. */
    static String num(double value) {
        BigDecimal d = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
