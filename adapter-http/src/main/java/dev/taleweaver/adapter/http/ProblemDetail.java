package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taleweaver.domain.common.Violation;

import java.util.List;

/** An RFC 9457 problem document; {@code errors} (one entry per invalid field) only on validation problems. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ProblemDetail(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    static final String MEDIA_TYPE = "application/problem+json";

    record FieldError(String field, String message) {
        static FieldError of(Violation v) {
            return new FieldError(v.field(), v.message());
        }
    }
}
