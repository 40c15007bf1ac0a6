package org.openward.pharmacy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.FormularyDrug;
import org.openward.pharmacy.impl.safety.CrossSensitivities;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The site's pharmacy settings ({@code etc/org.openward.pharmacy.cfg}) and its formulary: the
 * shipped one, or {@code etc/openward-formulary.json} when the site has its own. A change of
 * configuration restarts the pharmacy's services with the new settings.
 */
@Component(service = PharmacySettings.class, configurationPid = PharmacySettings.PID)
@Designate(ocd = PharmacySettings.Config.class)
public class PharmacySettings {

    public static final String PID = "org.openward.pharmacy";

    @ObjectClassDefinition(name = "OpenWard pharmacy")
    public @interface Config {

        @AttributeDefinition(description = "Drug classes that cross-react for allergies: allergen-class>drug-class:severity, comma separated")
        String crossSensitivities() default CrossSensitivities.DEFAULT;

        @AttributeDefinition(description = "Use the shipped drug interaction knowledge base (plugins may add others)")
        boolean shippedKnowledgeBase() default true;

        @AttributeDefinition(description = "How long an interaction knowledge base may take before it is skipped and reported, ms")
        long knowledgeBaseTimeoutMillis() default 2000;

        @AttributeDefinition(description = "RxNorm codes of drugs that are high-alert here, in addition to those the formulary marks")
        String[] highAlertDrugs() default {};

        @AttributeDefinition(description = "Minutes before and after a scheduled dose in which it may be given without an override")
        int administrationWindowMinutes() default 60;

        @AttributeDefinition(description = "Time zone of the ward's standard administration times; empty for the system's")
        String timeZone() default "";

        @AttributeDefinition(description = "The site's own formulary, replacing the shipped one when the file exists (relative to the Karaf base)")
        String formularyFile() default "etc/openward-formulary.json";
    }

    private final Formulary formulary;
    private final CrossSensitivities crossSensitivities;
    private final Set<String> highAlertDrugs;
    private final Duration window;
    private final ZoneId zone;
    private final Duration knowledgeBaseTimeout;
    private final boolean shippedKnowledgeBase;

    @Activate
    public PharmacySettings(Config config) {
        this(formulary(config.formularyFile()), CrossSensitivities.parse(config.crossSensitivities()),
                java.util.Arrays.stream(config.highAlertDrugs()).map(String::strip)
                        .filter(code -> !code.isEmpty()).collect(java.util.stream.Collectors.toSet()), Duration.ofMinutes(config.administrationWindowMinutes()),
                config.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(config.timeZone()),
                Duration.ofMillis(config.knowledgeBaseTimeoutMillis()), config.shippedKnowledgeBase());
    }

    /** For tests outside OSGi. */
    public PharmacySettings(Formulary formulary, CrossSensitivities crossSensitivities, Set<String> highAlertDrugs,
            Duration window, ZoneId zone, Duration knowledgeBaseTimeout, boolean shippedKnowledgeBase) {
        this.formulary = formulary;
        this.crossSensitivities = crossSensitivities;
        this.highAlertDrugs = Set.copyOf(highAlertDrugs);
        this.window = window;
        this.zone = zone;
        this.knowledgeBaseTimeout = knowledgeBaseTimeout;
        this.shippedKnowledgeBase = shippedKnowledgeBase;
    }

    private static Formulary formulary(String file) {
        Path path = Path.of(System.getProperty("karaf.base", ".")).resolve(file);
        if (!Files.isRegularFile(path)) {
            return Formulary.shipped();
        }
        try (InputStream in = Files.newInputStream(path)) {
            return Formulary.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the formulary " + path, e);
        }
    }

    public Formulary formulary() {
        return formulary;
    }

    public CrossSensitivities crossSensitivities() {
        return crossSensitivities;
    }

    /** Whether giving the drug needs an independent double check. */
    public boolean isHighAlert(FormularyDrug drug) {
        return drug.highAlert() || highAlertDrugs.contains(drug.rxnorm());
    }

    /** How far before or after its scheduled time a dose may be given without an override. */
    public Duration window() {
        return window;
    }

    public ZoneId zone() {
        return zone;
    }

    public Duration knowledgeBaseTimeout() {
        return knowledgeBaseTimeout;
    }

    public boolean shippedKnowledgeBase() {
        return shippedKnowledgeBase;
    }
}
