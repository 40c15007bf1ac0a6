package org.openward.records.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.CareRelationships;

/** Puts a clinician on a patient's care team (or takes them off), as the shell user; audited. */
@Command(scope = "records", name = "care-team", description = "Puts a user on a patient's care team: they then"
        + " read and update that patient's chart. With --leave, takes them off.")
@Service
public class CareTeamCommand implements Action {

    @Argument(index = 0, name = "patient", required = true, description = "The patient's id.")
    String patientId;

    @Argument(index = 1, name = "username", required = true, description = "The clinician's account.")
    String username;

    @Option(name = "--leave", description = "Take the user off the care team instead.")
    boolean leave;

    @Reference
    AccessControl access;

    @Reference
    CareRelationships care;

    @Override
    public Object execute() {
        access.callAsShellUser(() -> {
            if (leave) {
                care.leaveCareTeam(patientId, username);
            } else {
                care.joinCareTeam(patientId, username);
            }
            return null;
        });
        System.out.println(username + (leave ? " left" : " joined") + " the care team of patient " + patientId + ".");
        return null;
    }
}
