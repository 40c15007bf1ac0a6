package org.openward.records.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.PatientService;

/** Links a patient-portal account to its patient, as the shell user; audited. */
@Command(scope = "records", name = "portal-link", description = "Makes a portal account (role patient) the given"
        + " patient's: it then reads and finds that record only.")
@Service
public class PortalLinkCommand implements Action {

    @Argument(index = 0, name = "username", required = true, description = "The portal account.")
    String username;

    @Argument(index = 1, name = "patient", required = true, description = "The patient's id.")
    String patientId;

    @Reference
    AccessControl access;

    @Reference
    PatientService patients;

    @Override
    public Object execute() {
        access.callAsShellUser(() -> {
            patients.linkPortalAccount(username, patientId);
            return null;
        });
        System.out.println("Portal account " + username + " now sees patient " + patientId + " only.");
        return null;
    }
}
