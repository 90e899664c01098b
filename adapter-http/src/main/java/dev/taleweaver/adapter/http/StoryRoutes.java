package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.ManageStories;
import dev.taleweaver.application.port.in.StoryCommand;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@code /stories}, plus the stories of one child ({@code ?child_id=}) or hero ({@code ?hero_id=}) and {@code PUT /stories/{id}/rating}. */
final class StoryRoutes extends EntityRoutes<StoryId, StoryCommand, StoryView, StoryRequest> {

    /** Stand in for ids already reported missing or invalid, so the domain rules do not report them again. */
    private static final ChildId PLACEHOLDER_CHILD = new ChildId(new UUID(0, 0));
    private static final HeroId PLACEHOLDER_HERO = new HeroId(new UUID(0, 0));

    private final ManageStories stories;

    StoryRoutes(ManageStories stories, JsonBody body, boolean rememberRenderings) {
        super("/stories", stories, StoryRequest.class, body, rememberRenderings);
        this.stories = stories;
    }

    @Override
    public void register(JavalinConfig config) {
        super.register(config);
        config.routes.put("/stories/{id}/rating", this::rate);
    }

    @Override
    protected Set<String> filters() {
        return Set.of("language", "child_id", "hero_id");
    }

    /**
     * {@code ?child_id=} and {@code ?language=} may be combined and then both filter ("Mia's stories in French"):
     * refusing the combination would only make clients filter on their side. {@code ?hero_id=} stands alone.
     */
    @Override
    protected Listing listing(QueryParameters query, InputCheck check) {
        Optional<Language> language = language(query, check);
        ChildId child = check.parseOptional("child_id", query.single("child_id", check), StoryRoutes::childId);
        HeroId hero = check.parseOptional("hero_id", query.single("hero_id", check),
                raw -> HeroId.parse("hero_id", raw));
        if (hero != null) {
            if (child != null || language.isPresent()) {
                check.add("hero_id", "cannot be combined with child_id or language");
            }
            return new Listing.OfHero(hero);
        }
        return child == null ? Listing.of(language) : new Listing.OfChild(child, language);
    }

    @Override
    protected StoryId parseId(String raw) {
        return StoryId.parse(raw);
    }

    @Override
    protected StoryCommand toCommand(StoryRequest r, InputCheck check) {
        return new StoryCommand(r.title(), r.content(),
                check.parse("child_id", r.childId(), StoryRoutes::childId, PLACEHOLDER_CHILD),
                check.parse("hero_id", r.heroId(), raw -> HeroId.parse("hero_id", raw), PLACEHOLDER_HERO),
                check.parse("language", r.language(), Language::of, PLACEHOLDER_LANGUAGE),
                Optional.ofNullable(check.parseOptional("rating", r.rating(), Rating::new)));
    }

    @Override
    protected void applyDomainRules(StoryCommand c) {
        new Story(StoryId.random(), c.title(), c.content(), c.childId(), c.heroId(), c.language(), c.rating(),
                PLACEHOLDER_TIME, PLACEHOLDER_TIME);
    }

    @Override
    protected Object toResponse(StoryView story) {
        return StoryResponse.of(story);
    }

    @Override
    protected String idOf(StoryView story) {
        return story.id().toString();
    }

    private void rate(Context ctx) {
        StoryId id = id(ctx);
        InputCheck check = new InputCheck();
        RatingRequest request = body(ctx, RatingRequest.class, check);
        Rating rating = check.parse("rating", request.rating(), Rating::new);
        check.throwIfAny();
        respondWritten(ctx, stories.rate(id, rating, expected(ctx)));
    }

    private static ChildId childId(String raw) {
        return ChildId.parse("child_id", raw);
    }
}
