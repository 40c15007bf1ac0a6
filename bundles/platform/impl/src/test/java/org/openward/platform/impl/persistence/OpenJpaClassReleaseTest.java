package org.openward.platform.impl.persistence;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;

import org.apache.openjpa.enhance.PCRegistry;
import org.apache.openjpa.meta.MetaDataRepository;
import org.junit.After;
import org.junit.Test;

/**
 * Against the OpenJPA on the class path (the one the distribution ships): a persistence unit's
 * repository forgets the entity names of a departed class loader and keeps the others. Fails
 * when an OpenJPA upgrade moves the internals {@link OpenJpaClassRelease} reaches into.
 */
public class OpenJpaClassReleaseTest {

    private final MetaDataRepository repository = new MetaDataRepository();

    @After
    public void unregister() {
        PCRegistry.removeRegisterClassListener(repository);
    }

    @Test
    public void aRepositoryForgetsTheAliasesOfADepartedClassLoader() throws Exception {
        PCRegistry.addRegisterClassListener(repository);
        URL classes = Entity.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader departed = new URLClassLoader(new URL[] {classes}, null)) {
            Class<?> replaced = departed.loadClass(Entity.class.getName());
            repository.registerAlias("Replaced", replaced);
            repository.registerAlias("Shared", replaced);
            repository.registerAlias("Shared", Entity.class);
            repository.registerAlias("Kept", Entity.class);

            OpenJpaClassRelease.forget(departed);

            assertFalse(repository.getAliasNames().contains("Replaced"));
            assertTrue(repository.getAliasNames().contains("Shared"));
            assertTrue(repository.getAliasNames().contains("Kept"));
            assertTrue(OpenJpaClassRelease.repositories().contains(repository));
        }
    }

    /** Stands for an entity class; loaded a second time by the departed loader. */
    public static class Entity {
    }
}
