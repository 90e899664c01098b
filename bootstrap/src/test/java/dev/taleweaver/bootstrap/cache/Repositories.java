package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;

/** The three repository ports, cached or not, so one check can read through either and compare. */
interface Repositories {
    HeroRepository heroes();

    ChildRepository children();

    StoryRepository stories();
}
