-- Reserved for the migration another branch of issue 15 adds as 0022: this
-- placeholder keeps the numbering contiguous on the petitions branch and
-- is dropped when that migration is merged. It does nothing.
SELECT 1;
