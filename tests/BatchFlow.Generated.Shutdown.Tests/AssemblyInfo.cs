// Each test runs a host that keeps both cores of a CI machine busy and measures how long it takes to stop: tests
// running side by side would slow each other down and make the timings meaningless.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
