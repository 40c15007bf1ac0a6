package org.openward.platform.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Emergency access ("break the glass"): a clinician who has no care relationship with a patient
 * may open the chart by stating a reason and signing in again. The grant covers that one patient
 * for a limited time; its start and end are audited and queued for an auditor's review. Modules
 * ask here, besides their own care relationships, before they show a chart.
 */
@ProviderType
public interface BreakGlass {

    /** May break the glass (clinicians). A role without it cannot, whatever the reason. */
    String PERMISSION_START = "platform:break-glass:start";
    /** May read the review queue and record a review (auditors). */
    String PERMISSION_REVIEW = "platform:break-glass:review";

    /** Whether the current caller holds an unexpired grant for this patient. */
    boolean isGranted(String patientId);
}
