package org.openward.platform.api.security;

import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The caller's security context and the one place permissions are checked. Permissions are
 * Shiro wildcard strings, {@code <module>:<object>:<action>}, for example
 * {@code records:patient:read}. Deny by default: a permission nobody granted is refused.
 */
@ProviderType
public interface AccessControl {

    /**
     * The caller bound to this thread.
     *
     * @throws NotAuthenticatedException when no caller is bound
     */
    Caller currentCaller();

    /** Whether the current caller holds the permission; {@code false} when nobody is bound. */
    boolean isPermitted(String permission);

    /**
     * Refuses the call unless the current caller holds the permission. A refusal is reported to
     * every {@link SecurityEventListener} (the audit trail records it).
     *
     * @throws NotAuthenticatedException when no caller is bound
     * @throws AccessDeniedException when the caller lacks the permission
     */
    void checkPermission(String permission);

    /**
     * Confirms that a second person, not the caller, stands beside them and vouches for an act
     * (an independent double check of a high-alert drug, say): their password, their one-time
     * code when they have a second factor, and the permission. Failed attempts count towards
     * that person's account lock like failed logins. The check is reported to every
     * {@link SecurityEventListener}.
     *
     * @return the second person's account name
     * @throws org.openward.platform.api.error.InvalidInputException (field {@code witness}) when
     *         the credentials are not accepted, the second person is the caller, or they lack the permission
     */
    String confirmSecondPerson(String username, char[] password, String code, String permission);

    /**
     * Runs work as the user of the Karaf shell session running this thread (its JAAS subject).
     * The user's OpenWard roles are the roles of the JAAS subject that OpenWard knows.
     *
     * @throws NotAuthenticatedException when the thread carries no shell user
     */
    <T> T callAsShellUser(Supplier<T> work);

    /**
     * Runs work as the platform itself, holding every permission, for tasks no person asked for
     * (loading demo data, say). The caller's name is {@code system:<purpose>}, so the audit
     * trail shows what acted. Only OpenWard's own bundles may: a plugin never acts as the system.
     *
     * @throws IllegalCallerException when the calling bundle is not one that may
     */
    <T> T callAsSystem(String purpose, Supplier<T> work);

    /**
     * Prepares a plugin's work to run as the current caller, on any thread: the returned task
     * binds this caller, marked as acting through the plugin ({@link Caller#plugin()}), for as
     * long as it runs. The plugin holds exactly the caller's permissions, and every audit record
     * written meanwhile names the plugin.
     *
     * @param pluginId the plugin's id: the symbolic name of the bundle that registered its service
     * @throws NotAuthenticatedException when no caller is bound to this thread
     */
    <T> Supplier<T> onBehalfOfPlugin(String pluginId, Supplier<T> work);
}
