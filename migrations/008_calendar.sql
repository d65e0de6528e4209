-- The province's adjustments to the working calendar: the yearly decisions that no rule can
-- compute (the exact Tết days, the day next to 2 September, swapped days and the Saturdays that
-- make them up). A row wins over the holiday rules for its date: 'day_off' closes the offices on
-- a day they would work, 'working_day' opens them on a day they would not (a make-up Saturday,
-- a rule holiday the government moved). Dates are Vietnam calendar dates.
CREATE TABLE calendar_adjustments (
  date        date PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
  reason      text NOT NULL CHECK (btrim(reason) <> ''),
  created_by  bigint REFERENCES staff(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
