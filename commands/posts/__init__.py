"""What the scheduler posts: the plan, the sources that read it from storage, the texts."""
