package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.taleweaver.application.port.in.CheckHealth;
import dev.taleweaver.application.port.in.ManageChildren;
import dev.taleweaver.application.port.in.ManageHeroes;
import dev.taleweaver.application.port.in.ManageStories;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HealthProbe;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.application.service.ChildService;
import dev.taleweaver.application.service.HealthService;
import dev.taleweaver.application.service.HeroService;
import dev.taleweaver.application.service.StoryService;

import javax.inject.Singleton;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The use cases, built over whichever repositories the adapter modules bound. */
@Module
interface ServiceModule {

    @Provides
    @Singleton
    static ManageHeroes heroes(HeroRepository heroes, StoryRepository stories, Clock clock) {
        return new HeroService(heroes, stories, clock);
    }

    @Provides
    @Singleton
    static ManageChildren children(ChildRepository children, StoryRepository stories, Clock clock) {
        return new ChildService(children, stories, clock);
    }

    @Provides
    @Singleton
    static ManageStories stories(StoryRepository stories, ChildRepository children, HeroRepository heroes,
                                 Clock clock) {
        return new StoryService(stories, children, heroes, clock);
    }

    @Provides
    @Singleton
    static CheckHealth health(Set<HealthProbe> probes) {
        List<HealthProbe> ordered = probes.stream().sorted(Comparator.comparing(HealthProbe::component)).toList();
        return new HealthService(ordered);
    }
}
