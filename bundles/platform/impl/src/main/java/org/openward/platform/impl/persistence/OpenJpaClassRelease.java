package org.openward.platform.impl.persistence;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.openjpa.enhance.PCRegistry;
import org.apache.openjpa.meta.MetaDataRepository;

/**
 * Drops what OpenJPA (3.2.2) keeps of a class loader that is gone, in the JVM-wide state that one
 * OpenJPA bundle shares among every persistence unit:
 *
 * <ul>
 * <li>{@link PCRegistry} holds every enhanced class it has seen (weak keys, but values that point
 * back to the class); {@link PCRegistry#deRegister(ClassLoader)} is its own remedy.</li>
 * <li>Every live {@link MetaDataRepository} (one per persistence unit) is told of every enhanced
 * class of every bundle and files it under its entity name in the private map {@code _aliases},
 * which nothing in OpenJPA ever prunes: the repositories of the units that outlive an update (the
 * platform's, the other modules') would keep every replaced build. There is no API for it, so
 * the entries are removed by reflection.</li>
 * <li>Each unit's JPQL compilation cache keeps the parse tree of every query, and with it the
 * JavaCC parser, whose {@code LookaheadSuccess} error carries the stack trace, and so the classes,
 * of whatever called the query first (often a module calling another module's service). The
 * caches are emptied; queries are compiled again at their next use.</li>
 * </ul>
 *
 * <p>Should OpenJPA's internals change, the reflective part fails loudly at the next update
 * (and in {@code OpenJpaClassReleaseTest}) rather than leaking quietly.
 */
final class OpenJpaClassRelease {

    private static final Field LISTENERS = field(PCRegistry.class, "_listeners");
    private static final Field ALIASES = field(MetaDataRepository.class, "_aliases");
    private static final Field REGISTERED = field(MetaDataRepository.class, "_registered");

    private OpenJpaClassRelease() {
    }

    /** Forgets the classes of a class loader that no bundle uses any more. */
    static void forget(ClassLoader departed) {
        PCRegistry.deRegister(departed);
        for (MetaDataRepository repository : repositories()) {
            forgetAliases(repository, departed);
        }
    }

    /** Empties every persistence unit's JPQL compilation cache. */
    static void forgetCompiledQueries() {
        for (MetaDataRepository repository : repositories()) {
            if (repository.getConfiguration() != null) {
                repository.getConfiguration().getQueryCompilationCacheInstance().clear();
            }
        }
    }

    /** The live repositories: PCRegistry tells each of them of every class, so it knows them all. */
    static List<MetaDataRepository> repositories() {
        Collection<?> listeners = (Collection<?>) read(LISTENERS, null);
        List<MetaDataRepository> repositories = new ArrayList<>();
        synchronized (listeners) {
            for (Object listener : listeners) {
                if (listener instanceof MetaDataRepository repository) {
                    repositories.add(repository);
                }
            }
        }
        return repositories;
    }

    /**
     * Replaces each alias list that holds a departed class by a copy without it (or drops the alias
     * when nothing is left, as if it had never been registered), under the lock the repository
     * registers classes with; readers keep iterating the list they already have.
     */
    private static void forgetAliases(MetaDataRepository repository, ClassLoader departed) {
        @SuppressWarnings("unchecked")
        Map<String, List<Class<?>>> aliases = (Map<String, List<Class<?>>>) read(ALIASES, repository);
        synchronized (read(REGISTERED, repository)) {
            List<Map.Entry<String, List<Class<?>>>> entries;
            synchronized (aliases) {
                entries = new ArrayList<>(aliases.entrySet());
            }
            for (Map.Entry<String, List<Class<?>>> entry : entries) {
                List<Class<?>> classes = entry.getValue();
                if (classes == null || classes.stream().noneMatch(c -> c.getClassLoader() == departed)) {
                    continue;
                }
                List<Class<?>> kept = new ArrayList<>(classes.stream().filter(c -> c.getClassLoader() != departed).toList());
                if (kept.isEmpty()) {
                    aliases.remove(entry.getKey());
                } else {
                    aliases.put(entry.getKey(), kept);
                }
            }
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("OpenJPA changed: " + type.getName() + " has no field " + name
                    + "; see OpenJpaClassRelease", e);
        }
    }

    private static Object read(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
