package org.openward.platform.api.persistence;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Applies a module's schema migrations to the platform database. The service is bundle scoped:
 * the migrations are read from the bundle that obtained it, at {@code db/migration/}, named
 * {@code V<version>__<description>.sql}. Each schema keeps its own history table,
 * {@code <schema>_schema_history}, so modules never see each other's migrations.
 */
@ProviderType
public interface SchemaMigrator {

    /**
     * Brings the schema up to the newest migration shipped in the calling bundle. Safe to call
     * at every start; concurrent calls for the same schema are serialized.
     *
     * @param schema the module's schema name: lower case letters and underscores
     * @return the schema version now current
     * @throws IllegalStateException when a migration fails; the module must not start then
     */
    String migrate(String schema);
}
