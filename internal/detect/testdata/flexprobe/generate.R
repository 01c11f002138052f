## Black-box probes of R surveillance::farringtonFlexible (1.20.3) for riskgate's
## internal/detect tests. Only the function's documented inputs and outputs are
## used; no code of the package was read. Run: Rscript generate.R (in this folder).
## Writes series.csv (synthetic weekly series), runs.csv (options per run, in
## riskgate's name=value form), outputs.csv (R's outputs for the weeks probed) and
## trend_pvalues.csv (R's implied trend-test p-value per week, found by bisecting
## pThresholdTrend until the trend decision flips).
suppressMessages(library(surveillance)); options(warn = -1)
set.seed(20240611)
n <- 6 * 52 + 80; tt <- 1:n
season <- function(a) exp(a * sin(2 * pi * tt / 52))
rnb <- function(mu, size) rnbinom(length(mu), mu = mu, size = size)
outb <- function(y, at, len, add) { for (a in at) y[a:(a + len - 1)] <- y[a:(a + len - 1)] + add; y }
series <- list(
  pois5   = rpois(n, 5),                                          # Poisson, dispersion < 1 often
  nbtrend = rnb(20 * exp(0.004 * tt) * season(0.3), 10),          # moderate trend, overdispersed
  steep   = rnb(2 * exp(0.012 * tt), 20),                         # trend predicting above the baseline max
  steepdn = rnb(60 * exp(-0.008 * tt), 20),                       # decreasing trend
  outbr   = outb(rnb(10 * season(0.5), 5), c(60, 150, 250, 330, 370), 4, 25),  # outbreaks: reweighting
  under   = 8 + rbinom(n, 4, 0.5),                                # underdispersed
  big     = rnb(1000 * season(0.6) * exp(0.001 * tt), 30),        # large counts
  low     = rpois(n, 0.6 * season(0.8)),                          # many zeros
  lowtr   = rnb(0.5 * exp(0.006 * tt), 2)
)
ctrls <- list(
  def    = list(),
  noup   = list(noPeriods = 10, pastWeeksNotIncluded = 26),
  noupT1 = list(noPeriods = 10, pastWeeksNotIncluded = 26, pThresholdTrend = 1),
  nb     = list(thresholdMethod = "nbPlugin"),
  nbT1   = list(thresholdMethod = "nbPlugin", pThresholdTrend = 1),
  muan   = list(thresholdMethod = "muan"),
  muanNP = list(thresholdMethod = "muan", noPeriods = 10, pastWeeksNotIncluded = 26, pThresholdTrend = 1),
  half   = list(powertrans = "1/2"),
  none   = list(powertrans = "none", alpha = 0.01),
  b3w2   = list(b = 3, w = 2, weightsThreshold = 1, pThresholdTrend = 0.2),
  norew  = list(reweight = FALSE),
  notr   = list(trend = FALSE, noPeriods = 5)
)
mksts <- function(y) sts(observed = matrix(y, ncol = 1), start = c(2000, 1), frequency = 52)
write.csv(data.frame(t = tt, series), "series.csv", row.names = FALSE)
fmtval <- function(v) if (is.character(v)) v else format(v, digits = 15)
runs <- NULL; out <- NULL
for (sn in names(series)) for (cn in names(ctrls)) {
  y <- series[[sn]]; ctrl <- ctrls[[cn]]
  b <- if (is.null(ctrl$b)) 5 else ctrl$b; w <- if (is.null(ctrl$w)) 3 else ctrl$w
  from <- b * 52 + w + 1
  ctrl$range <- from:n                                 # every week with enough history
  r <- farringtonFlexible(mksts(y), control = ctrl); cc <- r@control
  keep <- seq(1, length(ctrl$range), by = 4)          # written: every 4th of them
  id <- paste(sn, cn, sep = "_")
  opts <- paste(c(sprintf("range=%d:%d", from, n),
                  mapply(function(k, v) paste0(k, "=", fmtval(v)), names(ctrls[[cn]]), ctrls[[cn]])), collapse = ";")
  runs <- rbind(runs, data.frame(run_id = id, series = sn, options = opts))
  out <- rbind(out, data.frame(run_id = id, t = ctrl$range, observed = y[ctrl$range],
    upperbound = as.vector(upperbound(r)), alarm = as.integer(as.vector(alarms(r))),
    trend = as.integer(as.vector(cc$trend)), trendVector = as.vector(cc$trendVector),
    expected = as.vector(cc$expected), pvalue = as.vector(cc$pvalue), score = as.vector(cc$score),
    phi = as.vector(cc$phiVector))[keep, ])
}
write.csv(runs, "runs.csv", row.names = FALSE)
write.csv(out, "outputs.csv", row.names = FALSE, na = "")

## Implied trend-test p-values: the smallest pThresholdTrend at which R keeps the
## trend (bisection on the log scale to a relative width of 1e-7). NA: R drops
## the trend even at pThresholdTrend = 1.
implied <- function(y, k, ctrl) {
  keeps <- function(p) { ctrl$pThresholdTrend <- p; ctrl$range <- k
    as.vector(farringtonFlexible(mksts(y), control = ctrl)@control$trend) == 1 }
  lo <- 1e-300; hi <- 1
  if (!keeps(hi)) return(NA)
  if (keeps(lo)) return(0)
  while (hi / lo > 1 + 1e-7) { m <- exp((log(lo) + log(hi)) / 2); if (keeps(m)) hi <- m else lo <- m }
  exp((log(lo) + log(hi)) / 2)
}
data("salmonella.agona"); agona <- as.vector(salmonella.agona$observed)
probes <- list(
  list(name = "agona",   y = agona,      weeks = 264:312,                ctrl = list()),
  list(name = "agona*2", y = 2 * agona,  weeks = c(279, 312),            ctrl = list()),
  list(name = "agona*10", y = 10 * agona, weeks = c(279, 312),           ctrl = list()),
  list(name = "outbr",   y = series$outbr, weeks = seq(264, n, by = 8),  ctrl = list()),
  list(name = "under",   y = series$under, weeks = seq(264, n, by = 16), ctrl = list()),
  list(name = "steep",   y = series$steep, weeks = seq(264, n, by = 16), ctrl = list()),
  list(name = "nbtrend", y = series$nbtrend, weeks = seq(264, n, by = 16),
       ctrl = list(noPeriods = 10, pastWeeksNotIncluded = 26)),
  list(name = "nbtrend", y = series$nbtrend, weeks = seq(268, n, by = 16), ctrl = list(reweight = FALSE))
)
tp <- NULL
for (pr in probes) for (k in pr$weeks) {
  opts <- paste(mapply(function(a, v) paste0(a, "=", fmtval(v)), names(pr$ctrl), pr$ctrl), collapse = ";")
  tp <- rbind(tp, data.frame(series = pr$name, options = opts, t = k, p = implied(pr$y, k, pr$ctrl)))
}
write.csv(tp, "trend_pvalues.csv", row.names = FALSE, na = "")
