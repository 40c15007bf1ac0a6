package org.openward.platform.impl.demo;

import java.util.Set;

import org.openward.platform.api.demo.DemoDataContribution;
import org.openward.platform.api.users.UserAdministration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Demo accounts: one per role, named after the role, with the password {@code <role>-password}.
 * These credentials are public (README).
 */
@Component
public class DemoUsers implements DemoDataContribution {

    private final UserAdministration users;

    @Activate
    public DemoUsers(@Reference UserAdministration users) {
        this.users = users;
    }

    @Override
    public String name() {
        return "users";
    }

    @Override
    public void load() {
        for (String role : users.roleNames()) {
            if (users.findUser(role).isEmpty()) {
                users.createUser(role, "Demo " + role, (role + "-password").toCharArray(), Set.of(role));
            }
        }
    }
}
