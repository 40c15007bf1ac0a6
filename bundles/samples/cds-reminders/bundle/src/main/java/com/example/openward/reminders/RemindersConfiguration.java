package com.example.openward.reminders;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The plugin's settings, one configuration for all its services: PID {@value #PID}, in Karaf the
 * file {@code etc/com.example.openward.reminders.cfg}. Every setting has a default, so the plugin
 * needs no file at all; a change applies to the next chart opened, without a restart.
 */
@ObjectClassDefinition(name = "Sample reminders (decision support plugin)",
        description = "Blood pressure screening and influenza vaccination reminders when a chart opens")
public @interface RemindersConfiguration {

    /** The configuration's PID. */
    String PID = "com.example.openward.reminders";

    @AttributeDefinition(name = "Blood pressure interval, months",
            description = "An adult with no blood pressure measured in this many months gets a reminder")
    int bloodPressureMonths() default 12;

    @AttributeDefinition(name = "Influenza season starts (MM-dd)",
            description = "First day of the vaccination season; 09-01 in the northern hemisphere, 03-01 in the southern."
                    + " A vaccination up to two months earlier counts for the season")
    String influenzaSeasonStart() default "09-01";

    @AttributeDefinition(name = "Influenza season ends (MM-dd)",
            description = "Last day on which a missing vaccination is pointed out; before the start means the next year")
    String influenzaSeasonEnd() default "03-31";

    @AttributeDefinition(name = "Fault demonstration",
            description = "Makes the 'Fault demonstration' service misbehave, to show that a faulty plugin cannot"
                    + " break the chart: none (answers nothing), throws (fails at every call), hangs (never answers"
                    + " until the setting changes), escalates (tries to act as the system, which the platform refuses)",
            options = {
                @Option(label = "none", value = "none"),
                @Option(label = "throws", value = "throws"),
                @Option(label = "hangs", value = "hangs"),
                @Option(label = "escalates", value = "escalates")
            })
    String faulty() default "none";
}
