package io.mamori.console.alerts;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An administrator's alert rule, as the API takes it (checked with Bean Validation; what depends on
 * the kind or on the console's settings is checked by {@link AlertRules}).
 */
@Introspected
public record AlertRuleRequest(
        @NotNull(message = "is required") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}",
                message = "must be 1 to 64 lower-case letters, digits or '-'") String id,
        @NotNull(message = "is required: BULK_COPY, COPY, REPEATED_OVERRIDES, AGENT_SILENT or LOG_INTEGRITY") AlertKind kind,
        @Nullable Boolean enabled,
        @Nullable @Min(value = 1, message = "must be at least 1") @Max(value = 1_000_000, message = "must be at most 1000000") Integer files,
        @Nullable @Min(value = 1, message = "must be at least 1") @Max(value = 10_000_000, message = "must be at most 10000000") Integer megabytes,
        @Nullable @Min(value = 1, message = "must be at least 1") @Max(value = 43_200, message = "must be at most 43200 (30 days)") Integer minutes,
        @Nullable @Min(value = 1, message = "must be at least 1") @Max(value = 10_000, message = "must be at most 10000") Integer count,
        @Nullable @Size(max = 20, message = "must name at most 20 groups") List<@NotBlank @Size(max = 64) String> groups,
        @Nullable @Size(max = 20, message = "must name at most 20 recipients")
        List<@NotBlank(message = "must not be blank") @Email(message = "must be an e-mail address") @Size(max = 254) String> emails,
        @Nullable @Size(max = 2048, message = "must be at most 2048 characters") String webhookUrl,
        @Nullable @Min(value = 1, message = "must be at least 1") @Max(value = 1000, message = "must be at most 1000") Integer maxPerHour) {
}
