package org.openward.records.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.CareRelationships;

/** Admits a patient to a ward (or discharges them), as the shell user; audited. */
@Command(scope = "records", name = "ward-stay", description = "Admits a patient to a ward: the ward's staff then"
        + " care for them. With --discharge, ends the stay.")
@Service
public class WardStayCommand implements Action {

    @Argument(index = 0, name = "patient", required = true, description = "The patient's id.")
    String patientId;

    @Argument(index = 1, name = "ward", description = "The ward, for an admission.")
    String ward;

    @Option(name = "--discharge", description = "End the patient's current ward stay.")
    boolean discharge;

    @Reference
    AccessControl access;

    @Reference
    CareRelationships care;

    @Override
    public Object execute() {
        access.callAsShellUser(() -> {
            if (discharge) {
                care.discharge(patientId);
            } else {
                care.admitToWard(patientId, ward);
            }
            return null;
        });
        System.out.println(discharge ? "Patient " + patientId + " discharged from the ward."
                : "Patient " + patientId + " admitted to ward " + ward + ".");
        return null;
    }
}
