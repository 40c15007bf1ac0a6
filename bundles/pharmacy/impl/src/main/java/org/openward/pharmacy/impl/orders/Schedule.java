package org.openward.pharmacy.impl.orders;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When an order's doses are due. Daily orders follow the ward's standard administration times
 * (once daily 09:00; twice 09:00 and 21:00; three times 06:00, 14:00, 22:00; four times 06:00,
 * 12:00, 18:00, 24:00; more often, evenly from 06:00), in the hospital's time zone; orders every
 * so many hours run from the order's start. As-needed orders have no schedule.
 */
public final class Schedule {

    private static final Map<Integer, List<LocalTime>> STANDARD_TIMES = Map.of(
            1, List.of(LocalTime.of(9, 0)),
            2, List.of(LocalTime.of(9, 0), LocalTime.of(21, 0)),
            3, List.of(LocalTime.of(6, 0), LocalTime.of(14, 0), LocalTime.of(22, 0)),
            4, List.of(LocalTime.of(0, 0), LocalTime.of(6, 0), LocalTime.of(12, 0), LocalTime.of(18, 0)));

    private Schedule() {
    }

    /** The doses due in {@code [from, to)}, inside the order's start and stop, in time order. */
    public static List<Instant> doses(OrderForm order, Instant from, Instant to, ZoneId zone) {
        List<Instant> doses = new ArrayList<>();
        if (order.asNeeded() || order.frequency() == 0) {
            return doses;
        }
        Instant first = from.isBefore(order.start()) ? order.start() : from;
        Instant last = order.end() != null && order.end().isBefore(to) ? order.end() : to;
        if (!first.isBefore(last)) {
            return doses;
        }
        if ("d".equals(order.periodUnit())) {
            long everyDays = Math.max(1, Math.round(order.period()));
            LocalDate startDay = order.start().atZone(zone).toLocalDate();
            for (LocalDate day = first.atZone(zone).toLocalDate().minusDays(1);
                    !day.atStartOfDay(zone).toInstant().isAfter(last); day = day.plusDays(1)) {
                if (Math.floorMod(day.toEpochDay() - startDay.toEpochDay(), everyDays) != 0) {
                    continue;
                }
                for (LocalTime time : timesOfDay(order.frequency())) {
                    Instant at = day.atTime(time).atZone(zone).toInstant();
                    if (!at.isBefore(first) && at.isBefore(last)) {
                        doses.add(at);
                    }
                }
            }
        } else {
            Duration interval = Duration.ofSeconds(Math.round(order.period() * 3600 / order.frequency()));
            long skip = Math.max(0, Duration.between(order.start(), first).toSeconds() / interval.toSeconds() - 1);
            for (Instant at = order.start().plus(interval.multipliedBy(skip)); at.isBefore(last); at = at.plus(interval)) {
                if (!at.isBefore(first)) {
                    doses.add(at);
                }
            }
        }
        return doses;
    }

    private static List<LocalTime> timesOfDay(int frequency) {
        List<LocalTime> standard = STANDARD_TIMES.get(frequency);
        if (standard != null) {
            return standard;
        }
        List<LocalTime> times = new ArrayList<>();
        long minutes = 24 * 60 / frequency;
        for (int i = 0; i < frequency; i++) {
            times.add(LocalTime.of(6, 0).plusMinutes(i * minutes));
        }
        return times;
    }

    /** A number without trailing zeros: 500, 2.5. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
