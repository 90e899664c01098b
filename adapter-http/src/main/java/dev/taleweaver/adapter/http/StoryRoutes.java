package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.ManageStories;
import dev.taleweaver.application.port.in.StoryCommand;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code /stories}, plus the stories of one child ({@code ?child_id=}) and {@code PUT /stories/{id}/rating}. */
final class StoryRoutes extends EntityRoutes<StoryId, StoryCommand, StoryView, StoryRequest> {

    /** Stand in for ids already reported missing or invalid, so the domain rules do not report them again. */
    private static final ChildId PLACEHOLDER_CHILD = new ChildId(new UUID(0, 0));
    private static final HeroId PLACEHOLDER_HERO = new HeroId(new UUID(0, 0));

    private final ManageStories stories;

    StoryRoutes(ManageStories stories, JsonBody body) {
        super("/stories", stories, StoryRequest.class, body);
        this.stories = stories;
    }

    @Override
    public void register(JavalinConfig config) {
        super.register(config);
        config.routes.put("/stories/{id}/rating", this::rate);
    }

    /**
     * {@code ?child_id=} and {@code ?language=} may be combined and then both filter ("Mia's stories in French"):
     * refusing the combination would only make clients filter on their side.
     */
    @Override
    protected List<StoryView> list(Context ctx) {
        InputCheck check = new InputCheck();
        QueryParameters query = QueryParameters.read(ctx, check);
        Optional<Language> language = language(query, check);
        ChildId child = check.parseOptional("child_id", query.single("child_id", check), StoryRoutes::childId);
        check.throwIfAny();
        if (child == null) {
            return stories.list(language);
        }
        List<StoryView> ofChild = stories.storiesOfChild(child);
        return language.map(l -> ofChild.stream().filter(s -> s.story().language().equals(l)).toList())
                .orElse(ofChild);
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
