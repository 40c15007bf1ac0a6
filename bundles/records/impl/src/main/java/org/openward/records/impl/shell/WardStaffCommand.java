package org.openward.records.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.CareRelationships;

/** Assigns a clinician to a ward (or ends the assignment), as the shell user; audited. */
@Command(scope = "records", name = "ward-staff", description = "Assigns a user to a ward: they then care for every"
        + " patient staying there. With --remove, ends the assignment.")
@Service
public class WardStaffCommand implements Action {

    @Argument(index = 0, name = "username", required = true, description = "The clinician's account.")
    String username;

    @Argument(index = 1, name = "ward", required = true, description = "The ward.")
    String ward;

    @Option(name = "--remove", description = "End the assignment instead.")
    boolean remove;

    @Reference
    AccessControl access;

    @Reference
    CareRelationships care;

    @Override
    public Object execute() {
        access.callAsShellUser(() -> {
            if (remove) {
                care.unassignFromWard(username, ward);
            } else {
                care.assignToWard(username, ward);
            }
            return null;
        });
        System.out.println(username + (remove ? " no longer assigned to" : " assigned to") + " ward " + ward + ".");
        return null;
    }
}
