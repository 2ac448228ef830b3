/** The text of `dsrep --help`. */
export const HELP = `dsrep — measure and correct selection-frequency bias in dataset replication

Usage:
  dsrep run <config.json> [--out DIR] [--set step.key=value ...]
            [--metrics-json FILE]
      Run a whole pipeline in one process. Each step writes its tables to
      <outDir>/<step>/ (Arrow IPC files plus _manifest.json; --out replaces
      the config's outDir); the report step writes index.html, report.md,
      summary.json and tables/.
      Example: dsrep run pipelines/remeasure/config.json \\
                 --set simulate.classes=50 --out data/runs/quick

  dsrep stage <name> --out DIR [--in DIR ...] [--config FILE] [--params JSON]
      Run one stage. Inputs are read from the --in folders (outputs of earlier
      stages; when two hold the same table the later one wins). Parameters and
      seed come from the step of the same name in --config, then --params.
      Example: dsrep stage clean --config pipelines/remeasure/config.json \\
                 --in data/runs/remeasure/simulate --out data/runs/remeasure/clean

  dsrep simulate [--preset remeasure|original] [--scale S] [--classes C]
                 [--seed N] [--mturk] --out DIR
      Write the simulated experiment (annotations, predictions and the ground
      truth) to DIR in batches; --mturk also writes MTurk batch-results CSVs.

  dsrep stages
      List the stages with what they read and write.

Options:
  --set step.key=value   override a parameter of a step (value is JSON or text)
  --seed N               run seed (same input and seed give the same bytes)
  --metrics-json FILE    write per-step times and peak memory as JSON
  --quiet                no progress bars or summary lines
  -h, --help             this text

Stages, in pipeline order: simulate | ingest -> clean -> split -> match ->
estimate -> report. Exit codes: 0 ok, 2 bad config or input (the message names
the field, file, row or column), 1 internal error.
`;
