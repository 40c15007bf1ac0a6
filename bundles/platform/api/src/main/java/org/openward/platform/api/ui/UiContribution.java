package org.openward.platform.api.ui;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's screen in the web shell. Register one as an OSGi service; the platform then:
 * <ul>
 * <li>serves the files of the folder {@code ui/<id>/} inside the registering bundle at
 * {@code /ui/<id>/} (static files only: everything with patient data comes from {@code /api}
 * and {@code /fhir}, which check the caller's permissions);</li>
 * <li>lists the contribution to signed-in users holding any of its {@link #permissions()}, and
 * the shell adds {@link #title()} to its navigation, loads {@code /ui/<id>/main.js} (and
 * {@code main.css} when the folder has one), and hands the hash route {@code #/<route>...} to
 * the script, which registers itself with {@code OpenWard.route(route, render)}.</li>
 * </ul>
 * The shell's script API ({@code window.OpenWard}) is described in the plugin guide.
 */
@ConsumerType
public interface UiContribution {

    /** Unique among contributions: lower-case letters, digits and dashes; names the folder and the URL. */
    String id();

    /** The navigation entry's text, e.g. "Patients". */
    String title();

    /** The first segment of the screen's hash route ({@code patients} for {@code #/patients/...}). */
    String route();

    /** The contribution is offered to users holding any of these (Shiro wildcard) permissions. */
    List<String> permissions();

    /** Where the entry stands in the navigation: lower first. */
    default int order() {
        return 100;
    }
}
