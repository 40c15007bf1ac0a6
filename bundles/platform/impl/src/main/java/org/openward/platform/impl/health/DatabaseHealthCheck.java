package org.openward.platform.impl.health;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The database answers: a connection from the pool, checked by the driver within five seconds. */
@Component(property = {
        HealthCheck.NAME + "=Database",
        HealthCheck.TAGS + "=" + PlatformHealth.TAG,
        HealthCheck.TAGS + "=platform"
})
public class DatabaseHealthCheck implements HealthCheck {

    private final DataSource dataSource;

    @Activate
    public DatabaseHealthCheck(@Reference(target = "(osgi.jndi.service.name=openward)") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Result execute() {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return connection.isValid(5) ? new Result(Result.Status.OK, product + " answers")
                    : new Result(Result.Status.CRITICAL, product + " does not answer within 5 s");
        } catch (SQLException e) {
            return new Result(Result.Status.CRITICAL, "no database connection: " + e.getMessage());
        }
    }
}
