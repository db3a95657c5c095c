// Each test runs seven processes against the shared servers on 2 cores: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
