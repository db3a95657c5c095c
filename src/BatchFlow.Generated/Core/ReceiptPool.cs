namespace BatchFlow;

/// <summary>
/// A flow's free receipts (<see cref="RowReceipt"/>): a stack linked through the receipts themselves, under a lock, so
/// renting and returning allocate nothing. It keeps at most <c>limit</c> free receipts; more are left to the collector.
/// </summary>
internal sealed class ReceiptPool
{
    private readonly object _gate = new();
    private readonly int _limit;
    private RowReceipt? _free;
    private int _count;

    public ReceiptPool(int limit) => _limit = limit;

    public RowReceipt Rent()
    {
        RowReceipt? receipt;
        lock (_gate)
        {
            receipt = _free;
            if (receipt is not null)
            {
                _free = receipt.NextFree;
                _count--;
            }
        }

        receipt ??= new RowReceipt(this);
        receipt.NextFree = null;
        receipt.Arm();
        return receipt;
    }

    public void Return(RowReceipt receipt)
    {
        lock (_gate)
        {
            if (_count >= _limit)
            {
                return;
            }

            receipt.NextFree = _free;
            _free = receipt;
            _count++;
        }
    }
}
