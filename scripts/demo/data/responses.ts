/** What clients wrote back when they finished an exercise (recorded by their practitioner). */
export const EXERCISE_RESPONSES: readonly string[] = [
  'We set aside Sunday evening. It was awkward at first, but we both listened to the end.',
  'I wrote it three times before it felt honest. Reading it aloud was harder than writing it.',
  'It helped to have the steps written down. We only managed it twice, but both times went better than usual.',
  'I noticed I explain instead of listening. Catching it once made a difference.',
  'We did it on a walk, which made it easier to talk.',
  'Hard week, but I did the writing part. I will bring it next session.',
  'I kept all my small promises except one, and I told them about that one straight away.',
  'It felt strange to look for progress instead of problems, but I found more than I expected.',
];
