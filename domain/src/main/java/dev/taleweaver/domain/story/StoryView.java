package dev.taleweaver.domain.story;

/**
 * A story as readers see it: the story plus the names of its child and hero, denormalised so a
 * list of stories needs no further look-ups. Changing a child's or hero's name changes its views.
 */
public record StoryView(Story story, String childName, String heroName) {
    public StoryView {
        if (story == null || childName == null || heroName == null) {
            throw new IllegalArgumentException("a story view needs the story and both names");
        }
    }

    public StoryId id() {
        return story.id();
    }
}
