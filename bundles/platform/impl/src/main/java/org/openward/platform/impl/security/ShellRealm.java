package org.openward.platform.impl.security;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Karaf's {@code karaf} JAAS realm (SSH, {@code bin/client}, JMX), backed by OpenWard accounts,
 * so that there is one set of users and no default shell password. Outranks Karaf's own realm,
 * which reads etc/users.properties.
 */
@Component
public class ShellRealm implements JaasRealm {

    private final AppConfigurationEntry[] entries;

    @Activate
    public ShellRealm(@Reference PlatformSecurity security, BundleContext context) {
        Map<String, Object> options = Map.of(
                ProxyLoginModule.PROPERTY_MODULE, ShellLoginModule.class.getName(),
                ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()),
                ShellLoginModule.SECURITY_OPTION, security);
        this.entries = new AppConfigurationEntry[] {
            new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, options)
        };
    }

    @Override
    public String getName() {
        return "karaf";
    }

    @Override
    public int getRank() {
        return 10;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}
