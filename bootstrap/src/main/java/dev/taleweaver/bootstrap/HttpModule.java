package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.taleweaver.adapter.http.HttpConfig;
import dev.taleweaver.adapter.http.HttpRoutes;
import dev.taleweaver.adapter.http.HttpServer;
import dev.taleweaver.application.port.in.CheckHealth;
import dev.taleweaver.application.port.in.ManageChildren;
import dev.taleweaver.application.port.in.ManageHeroes;
import dev.taleweaver.application.port.in.ManageStories;

import javax.inject.Singleton;
import java.util.List;
import java.util.Set;

/** The HTTP adapter; other modules may contribute extra route groups into the set. */
@Module
interface HttpModule {

    @Multibinds
    Set<HttpRoutes> extraRoutes();

    @Provides
    @Singleton
    static HttpServer httpServer(Settings settings, ManageHeroes heroes, ManageChildren children,
                                 ManageStories stories, CheckHealth health, Set<HttpRoutes> extraRoutes) {
        return new HttpServer(new HttpConfig(settings.httpPort()), heroes, children, stories, health,
                List.copyOf(extraRoutes));
    }
}
