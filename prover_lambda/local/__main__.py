"""``python -m prover_lambda.local``: see :mod:`prover_lambda.local`."""

from prover_lambda.local.runtime import main

raise SystemExit(main())
