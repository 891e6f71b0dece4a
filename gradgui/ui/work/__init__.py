"""Long work beside the window: workers with progress and Cancel, and the process tuning they need."""
