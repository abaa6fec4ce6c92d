package io.tributary.admin.group;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.GroupState;
import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/**
 * The {@code state} query parameter of the group list: one or more of Confluent's state names ({@code STABLE},
 * {@code EMPTY}, ...), repeated or comma-separated, case-insensitive.
 */
final class GroupStateFilter {

    /** More than there are states: a longer list is a mistake, refused before it is parsed. */
    private static final int MAX_VALUES = 16;

    private GroupStateFilter() {
    }

    static Set<GroupState> parse(List<String> values) {
        Set<GroupState> states = EnumSet.noneOf(GroupState.class);
        if (values == null) {
            return states;
        }
        List<String> names = values.stream().flatMap(value -> Arrays.stream(value.split(",", MAX_VALUES + 1)))
                .map(String::strip).filter(name -> !name.isEmpty()).limit(MAX_VALUES + 1).toList();
        if (names.size() > MAX_VALUES) {
            throw invalid("at most " + MAX_VALUES + " states may be given");
        }
        for (String name : names) {
            states.add(parseOne(name));
        }
        return states;
    }

    private static GroupState parseOne(String name) {
        try {
            GroupState state =
                    GroupState.valueOf(name.toUpperCase(Locale.ROOT));
            if (state != GroupState.UNKNOWN) {
                return state;
            }
        } catch (IllegalArgumentException unknown) {
            // refused below with the list of valid names
        }
        throw invalid("'" + (name.length() > 64 ? name.substring(0, 64) + "..." : name)
                + "' is not a group state; valid states: " + validNames());
    }

    private static String validNames() {
        return Arrays.stream(GroupState.values())
                .filter(state -> state != GroupState.UNKNOWN)
                .map(Enum::name).collect(Collectors.joining(", "));
    }

    private static ApiProblemException invalid(String why) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-group-state", "Invalid state filter: " + why);
    }
}
